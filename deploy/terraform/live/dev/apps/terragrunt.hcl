include "root" {
  path = find_in_parent_folders("terragrunt.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "../../../modules/apps"
}

dependency "platform" {
  config_path = "../platform"
  mock_outputs = {
    resource_group_name          = "mock-rg"
    container_app_environment_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.App/managedEnvironments/mock"
    identity_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mock"
    identity_client_id           = "00000000-0000-0000-0000-000000000000"
    storage_blob_endpoint        = "https://mock.blob.core.windows.net/"
    blob_container               = "artifacts-dev"
    servicebus_namespace         = "mock-sb"
    servicebus_queue             = "kuduso-jobs"
    key_vault_secret_ids         = {}
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                         = local.env.name
  location                     = local.env.location
  registry_server              = local.env.registry_server
  # The release to run: bump with each deploy (docs/operations.md).
  image                        = "${local.env.registry_server}/kuduso:0.1.0"
  resource_group_name          = dependency.platform.outputs.resource_group_name
  container_app_environment_id = dependency.platform.outputs.container_app_environment_id
  identity_id                  = dependency.platform.outputs.identity_id
  identity_client_id           = dependency.platform.outputs.identity_client_id
  storage_blob_endpoint        = dependency.platform.outputs.storage_blob_endpoint
  blob_container               = dependency.platform.outputs.blob_container
  servicebus_namespace         = dependency.platform.outputs.servicebus_namespace
  servicebus_queue             = dependency.platform.outputs.servicebus_queue
  key_vault_secret_ids         = dependency.platform.outputs.key_vault_secret_ids
  jwt_jwks_url                 = local.env.jwt_jwks_url
  worker_max_replicas          = 10
  retention_days               = 30
}
