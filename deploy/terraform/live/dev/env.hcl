# The dev environment. Only identifiers here: no secret values (those are generated into Key Vault).
locals {
  environment           = "dev"
  name                  = "kuduso-dev"
  location              = "westeurope"
  subscription_id       = "00000000-0000-0000-0000-000000000000"
  state_resource_group  = "kuduso-tfstate-rg"
  state_storage_account = "kudusotfstate"
  registry_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kuduso-shared-rg/providers/Microsoft.ContainerRegistry/registries/kudusoacr"
  registry_server       = "kudusoacr.azurecr.io"
  jwt_jwks_url          = "https://auth.example.com/.well-known/jwks.json"
}
