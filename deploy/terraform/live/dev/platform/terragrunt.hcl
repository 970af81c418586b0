include "root" {
  path = find_in_parent_folders("terragrunt.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "../../../modules/platform"
}

inputs = {
  name                           = local.env.name
  environment                    = local.env.environment
  location                       = local.env.location
  registry_id                    = local.env.registry_id
  postgres_sku                   = "B_Standard_B1ms"
  postgres_backup_retention_days = 7
  artifact_retention_days        = 45
}
