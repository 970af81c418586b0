# Root Terragrunt configuration: remote state in an Azure storage account (created once by hand, see
# docs/operations.md) and the provider, generated into every unit.
locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

remote_state {
  backend = "azurerm"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    resource_group_name  = local.env.state_resource_group
    storage_account_name = local.env.state_storage_account
    container_name       = "tfstate"
    key                  = "${path_relative_to_include()}/terraform.tfstate"
    use_azuread_auth     = true
  }
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOT
    provider "azurerm" {
      features {}
      subscription_id     = "${local.env.subscription_id}"
      storage_use_azuread = true
    }
  EOT
}
