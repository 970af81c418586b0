output "api_url" {
  description = "Public URL of the API."
  value       = "https://${azurerm_container_app.api.ingress[0].fqdn}"
}

output "appserver_internal_fqdn" {
  description = "The AppServer's environment-internal host name."
  value       = azurerm_container_app.appserver.ingress[0].fqdn
}

output "migrate_job_name" {
  description = "Start with: az containerapp job start -g <rg> -n <this>."
  value       = azurerm_container_app_job.this["migrate"].name
}
