output "resource_group_name" {
  description = "Resource group of everything."
  value       = azurerm_resource_group.this.name
}

output "container_app_environment_id" {
  description = "Container Apps environment the apps run in."
  value       = azurerm_container_app_environment.this.id
}

output "identity_id" {
  description = "Resource id of the apps' user-assigned managed identity."
  value       = azurerm_user_assigned_identity.apps.id
}

output "identity_client_id" {
  description = "Client id of that identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.apps.client_id
}

output "storage_blob_endpoint" {
  description = "https://<account>.blob.core.windows.net/ (AZURE_STORAGE_ACCOUNT_URL)."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}

output "blob_container" {
  description = "The environment's artifact container (BLOB_CONTAINER)."
  value       = azurerm_storage_container.artifacts.name
}

output "servicebus_namespace" {
  description = "Service Bus namespace name (for the KEDA scale rule)."
  value       = azurerm_servicebus_namespace.this.name
}

output "servicebus_queue" {
  description = "Job queue name (SERVICEBUS_QUEUE)."
  value       = azurerm_servicebus_queue.jobs.name
}

output "key_vault_secret_ids" {
  description = "Versionless Key Vault secret ids by secret name, for the apps' secret references."
  value       = { for k, s in azurerm_key_vault_secret.this : k => s.versionless_id }
}
