# The Kuduso roles on Azure Container Apps, all from one image: api (external ingress), appserver (internal
# ingress only), worker (no ingress, 0-10 replicas on the Service Bus queue length), and the migrate and
# purge jobs. Every secret is a Key Vault reference read with the apps' managed identity.
locals {
  # Settings every role reads. Secret ones are in the *_secret_env maps: env name => app secret name.
  common_env = {
    HOST                      = "0.0.0.0"
    QUEUE_BACKEND             = "servicebus"
    SERVICEBUS_QUEUE          = var.servicebus_queue
    BLOB_BACKEND              = "azure"
    BLOB_CONTAINER            = var.blob_container
    AZURE_STORAGE_ACCOUNT_URL = var.storage_blob_endpoint
    AZURE_CLIENT_ID           = var.identity_client_id
    LOG_LEVEL                 = var.log_level
  }
  api_env = {
    PORT                 = "8000"
    ARTIFACT_URL_TTL_SEC = "900"
    # The outbox relay publishes to Service Bus from inside the api.
    RELAY_IN_API = "true"
    # Callers present JWTs from the identity provider, checked against its published keys.
    AUTH_MODE    = "jwt"
    JWT_JWKS_URL = var.jwt_jwks_url
  }
  api_secret_env = {
    DATABASE_URL            = "database-url"
    SERVICEBUS_CONN         = "servicebus-conn"
    ARTIFACT_SIGNING_SECRET = "artifact-signing-secret"
    ADMIN_TOKEN             = "admin-token"
  }
  worker_env = {
    APP_SERVER_URL     = "https://${azurerm_container_app.appserver.ingress[0].fqdn}"
    WORKER_CONCURRENCY = "1"
    RETENTION_DAYS     = tostring(var.retention_days)
  }
  worker_secret_env = {
    DATABASE_URL    = "database-url"
    SERVICEBUS_CONN = "servicebus-conn"
    APPSERVER_TOKEN = "appserver-token"
  }
  appserver_env = {
    APPSERVER_PORT  = "8080"
    APPSERVER_SEATS = tostring(var.appserver_seats)
  }
  appserver_secret_env = {
    APPSERVER_TOKEN = "appserver-token"
  }
  job_env = {
    RETENTION_DAYS = tostring(var.retention_days)
  }
  job_secret_env = {
    DATABASE_URL    = "database-url"
    SERVICEBUS_CONN = "servicebus-conn"
  }
  # App secret name => Key Vault secret name.
  vault_refs = {
    database-url            = "DATABASE-URL"
    servicebus-conn         = "SERVICEBUS-CONN"
    keda-servicebus-conn    = "KEDA-SERVICEBUS-CONN"
    artifact-signing-secret = "ARTIFACT-SIGNING-SECRET"
    appserver-token         = "APPSERVER-TOKEN"
    admin-token             = "ADMIN-TOKEN"
  }
}

resource "azurerm_container_app" "api" {
  name                         = "${var.name}-api"
  resource_group_name          = var.resource_group_name
  container_app_environment_id = var.container_app_environment_id
  revision_mode                = "Single"

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  registry {
    server   = var.registry_server
    identity = var.identity_id
  }

  dynamic "secret" {
    for_each = { for k, v in local.vault_refs : k => v if contains(values(local.api_secret_env), k) }
    content {
      name                = secret.key
      key_vault_secret_id = var.key_vault_secret_ids[secret.value]
      identity            = var.identity_id
    }
  }

  ingress {
    external_enabled = true
    target_port      = 8000
    transport        = "auto"
    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas                     = var.api_min_replicas
    max_replicas                     = var.api_max_replicas
    termination_grace_period_seconds = 30

    http_scale_rule {
      name                = "http-concurrency"
      concurrent_requests = "50"
    }

    container {
      name   = "api"
      image  = var.image
      args   = ["api"]
      cpu    = 0.5
      memory = "1Gi"

      dynamic "env" {
        for_each = merge(local.common_env, local.api_env)
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = local.api_secret_env
        content {
          name        = env.key
          secret_name = env.value
        }
      }

      liveness_probe {
        transport = "HTTP"
        port      = 8000
        path      = "/livez"
      }
      readiness_probe {
        transport = "HTTP"
        port      = 8000
        path      = "/readyz"
      }
    }
  }
}

resource "azurerm_container_app" "appserver" {
  name                         = "${var.name}-appserver"
  resource_group_name          = var.resource_group_name
  container_app_environment_id = var.container_app_environment_id
  revision_mode                = "Single"

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  registry {
    server   = var.registry_server
    identity = var.identity_id
  }

  dynamic "secret" {
    for_each = { for k, v in local.vault_refs : k => v if contains(values(local.appserver_secret_env), k) }
    content {
      name                = secret.key
      key_vault_secret_id = var.key_vault_secret_ids[secret.value]
      identity            = var.identity_id
    }
  }

  # Internal only: reachable inside the environment, never from the internet.
  ingress {
    external_enabled = false
    target_port      = 8080
    transport        = "http"
    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas = var.appserver_replicas
    max_replicas = var.appserver_replicas
    # Longer than the longest solve (sitefit: 240 s).
    termination_grace_period_seconds = 260

    container {
      name   = "appserver"
      image  = var.image
      args   = ["appserver"]
      cpu    = 2
      memory = "4Gi"

      dynamic "env" {
        for_each = merge(local.common_env, local.appserver_env)
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = local.appserver_secret_env
        content {
          name        = env.key
          secret_name = env.value
        }
      }

      liveness_probe {
        transport = "HTTP"
        port      = 8080
        path      = "/livez"
      }
      readiness_probe {
        transport = "HTTP"
        port      = 8080
        path      = "/readyz"
      }
    }
  }
}

resource "azurerm_container_app" "worker" {
  name                         = "${var.name}-worker"
  resource_group_name          = var.resource_group_name
  container_app_environment_id = var.container_app_environment_id
  revision_mode                = "Single"

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  registry {
    server   = var.registry_server
    identity = var.identity_id
  }

  dynamic "secret" {
    for_each = { for k, v in local.vault_refs : k => v if contains(concat(values(local.worker_secret_env), ["keda-servicebus-conn"]), k) }
    content {
      name                = secret.key
      key_vault_secret_id = var.key_vault_secret_ids[secret.value]
      identity            = var.identity_id
    }
  }

  template {
    min_replicas = 0
    max_replicas = var.worker_max_replicas
    # The worker drains for 30 s on SIGTERM, then hands unfinished jobs back to the queue.
    termination_grace_period_seconds = 45

    custom_scale_rule {
      name             = "servicebus-queue-length"
      custom_rule_type = "azure-servicebus"
      metadata = {
        namespace    = var.servicebus_namespace
        queueName    = var.servicebus_queue
        messageCount = "1"
      }
      authentication {
        secret_name       = "keda-servicebus-conn"
        trigger_parameter = "connection"
      }
    }

    container {
      name   = "worker"
      image  = var.image
      args   = ["worker"]
      cpu    = 0.5
      memory = "1Gi"

      dynamic "env" {
        for_each = merge(local.common_env, local.worker_env)
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = local.worker_secret_env
        content {
          name        = env.key
          secret_name = env.value
        }
      }
    }
  }
}

# `kuduso migrate` (start it before each release: docs/operations.md) and the daily `kuduso purge`.
resource "azurerm_container_app_job" "this" {
  for_each = {
    migrate = { args = ["migrate"], cron = null }
    purge   = { args = ["purge"], cron = "17 3 * * *" }
  }
  name                         = "${var.name}-${each.key}"
  location                     = var.location
  resource_group_name          = var.resource_group_name
  container_app_environment_id = var.container_app_environment_id
  replica_timeout_in_seconds   = 1800
  replica_retry_limit          = 1

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  registry {
    server   = var.registry_server
    identity = var.identity_id
  }

  dynamic "secret" {
    for_each = { for k, v in local.vault_refs : k => v if contains(values(local.job_secret_env), k) }
    content {
      name                = secret.key
      key_vault_secret_id = var.key_vault_secret_ids[secret.value]
      identity            = var.identity_id
    }
  }

  dynamic "manual_trigger_config" {
    for_each = each.value.cron == null ? [1] : []
    content {
      parallelism              = 1
      replica_completion_count = 1
    }
  }

  dynamic "schedule_trigger_config" {
    for_each = each.value.cron == null ? [] : [each.value.cron]
    content {
      cron_expression          = schedule_trigger_config.value
      parallelism              = 1
      replica_completion_count = 1
    }
  }

  template {
    container {
      name   = each.key
      image  = var.image
      args   = each.value.args
      cpu    = 0.5
      memory = "1Gi"

      dynamic "env" {
        for_each = merge(local.common_env, local.job_env)
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = local.job_secret_env
        content {
          name        = env.key
          secret_name = env.value
        }
      }
    }
  }
}
