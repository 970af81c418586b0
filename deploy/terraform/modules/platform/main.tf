# Everything the Kuduso apps stand on: resource group, logs, the Container Apps environment, PostgreSQL,
# Service Bus, Storage, Key Vault and the one managed identity the apps run as. Secret values are generated
# here (random_password) or read from the services and written to Key Vault; the apps reference the vault.
data "azurerm_client_config" "current" {}

locals {
  compact = replace(var.name, "-", "")
  tags    = merge({ app = "kuduso", environment = var.environment }, var.tags)
}

resource "azurerm_resource_group" "this" {
  name     = "${var.name}-rg"
  location = var.location
  tags     = local.tags
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "${var.name}-logs"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

resource "azurerm_container_app_environment" "this" {
  name                       = "${var.name}-cae"
  location                   = var.location
  resource_group_name        = azurerm_resource_group.this.name
  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id
  tags                       = local.tags
}

# The identity every app and job runs as: pulls the image, reads Key Vault, reads and writes blobs.
resource "azurerm_user_assigned_identity" "apps" {
  name                = "${var.name}-apps"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

resource "azurerm_role_assignment" "acr_pull" {
  scope                = var.registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.apps.principal_id
}

# --- Key Vault (RBAC mode: roles, not access policies)
resource "azurerm_key_vault" "this" {
  name                       = substr("${local.compact}kv", 0, 24)
  location                   = var.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  enable_rbac_authorization  = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 30
  tags                       = local.tags
}

resource "azurerm_role_assignment" "kv_apps_read" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.apps.principal_id
}

resource "azurerm_role_assignment" "kv_deployer_write" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "random_password" "signing_secret" {
  length  = 48
  special = false
}

resource "random_password" "appserver_token" {
  length  = 48
  special = false
}

resource "random_password" "admin_token" {
  length  = 48
  special = false
}

resource "random_password" "postgres_admin" {
  length  = 32
  special = false
}

# --- PostgreSQL Flexible Server
resource "azurerm_postgresql_flexible_server" "this" {
  name                          = "${var.name}-pg"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.this.name
  version                       = var.postgres_version
  sku_name                      = var.postgres_sku
  storage_mb                    = var.postgres_storage_mb
  backup_retention_days         = var.postgres_backup_retention_days
  administrator_login           = "kuduso"
  administrator_password        = random_password.postgres_admin.result
  public_network_access_enabled = true
  tags                          = local.tags

  lifecycle {
    ignore_changes = [zone]
  }
}

resource "azurerm_postgresql_flexible_server_database" "kuduso" {
  name      = "kuduso"
  server_id = azurerm_postgresql_flexible_server.this.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# 0.0.0.0 is Azure's "allow Azure services" rule: the Container Apps environment's outbound addresses.
resource "azurerm_postgresql_flexible_server_firewall_rule" "azure" {
  name             = "allow-azure-services"
  server_id        = azurerm_postgresql_flexible_server.this.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

# --- Service Bus
resource "azurerm_servicebus_namespace" "this" {
  name                = "${var.name}-sb"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  sku                 = "Standard"
  minimum_tls_version = "1.2"
  tags                = local.tags
}

resource "azurerm_servicebus_queue" "jobs" {
  name         = var.servicebus_queue
  namespace_id = azurerm_servicebus_namespace.this.id
  # The relay may publish an outbox row twice after a crash; Service Bus drops the copy by message id.
  requires_duplicate_detection            = true
  duplicate_detection_history_time_window = "PT30M"
  max_delivery_count                      = var.servicebus_max_delivery_count
  dead_lettering_on_message_expiration    = true
  lock_duration                           = "PT1M"
  default_message_ttl                     = "P7D"
}

# Send + listen for the apps; KEDA's scaler reads the queue's message count, which needs Manage.
resource "azurerm_servicebus_queue_authorization_rule" "apps" {
  name     = "kuduso-apps"
  queue_id = azurerm_servicebus_queue.jobs.id
  listen   = true
  send     = true
  manage   = false
}

resource "azurerm_servicebus_namespace_authorization_rule" "keda" {
  name         = "kuduso-keda"
  namespace_id = azurerm_servicebus_namespace.this.id
  listen       = true
  send         = true
  manage       = true
}

# --- Storage: artifacts, reached by managed identity only (no account key; links are user-delegation SAS)
resource "azurerm_storage_account" "this" {
  name                            = substr("${local.compact}st", 0, 24)
  location                        = var.location
  resource_group_name             = azurerm_resource_group.this.name
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  tags                            = local.tags

  blob_properties {
    delete_retention_policy {
      days = 7
    }
  }
}

resource "azurerm_storage_container" "artifacts" {
  name                  = "artifacts-${var.environment}"
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

# Includes generateUserDelegationKey, which signs the artifact links.
resource "azurerm_role_assignment" "blob_apps" {
  scope                = azurerm_storage_account.this.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.apps.principal_id
}

resource "azurerm_storage_management_policy" "artifacts" {
  storage_account_id = azurerm_storage_account.this.id
  rule {
    name    = "artifact-backstop"
    enabled = true
    filters {
      blob_types   = ["blockBlob"]
      prefix_match = ["${azurerm_storage_container.artifacts.name}/jobs/"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.artifact_retention_days
      }
    }
  }
}

# --- Secrets the apps reference (names are Key Vault's; values never appear in code)
resource "azurerm_key_vault_secret" "this" {
  for_each = {
    DATABASE-URL            = "postgres://kuduso:${random_password.postgres_admin.result}@${azurerm_postgresql_flexible_server.this.fqdn}:5432/kuduso?sslmode=require"
    ARTIFACT-SIGNING-SECRET = random_password.signing_secret.result
    APPSERVER-TOKEN         = random_password.appserver_token.result
    ADMIN-TOKEN             = random_password.admin_token.result
    SERVICEBUS-CONN         = azurerm_servicebus_queue_authorization_rule.apps.primary_connection_string
    KEDA-SERVICEBUS-CONN    = azurerm_servicebus_namespace_authorization_rule.keda.primary_connection_string
  }
  name         = each.key
  value        = each.value
  key_vault_id = azurerm_key_vault.this.id
  depends_on   = [azurerm_role_assignment.kv_deployer_write]

  lifecycle {
    # Rotated by hand (docs/operations.md): Terraform must not put an old value back.
    ignore_changes = [value]
  }
}
