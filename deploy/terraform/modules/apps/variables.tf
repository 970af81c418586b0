variable "name" {
  description = "Prefix of the app names, e.g. \"kuduso-dev\" (apps are <name>-api, <name>-worker, <name>-appserver)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the apps (the platform module's)."
  type        = string
}

variable "container_app_environment_id" {
  description = "Container Apps environment id (the platform module's)."
  type        = string
}

variable "identity_id" {
  description = "Resource id of the user-assigned identity the apps run as."
  type        = string
}

variable "identity_client_id" {
  description = "Its client id: AZURE_CLIENT_ID, so Azure Blob is reached by managed identity."
  type        = string
}

variable "registry_server" {
  description = "Login server of the container registry, e.g. \"kudusodevacr.azurecr.io\"."
  type        = string
}

variable "image" {
  description = "Full image reference of the one Kuduso image, e.g. \"kudusodevacr.azurecr.io/kuduso:1.4.0\"."
  type        = string
}

variable "storage_blob_endpoint" {
  description = "Blob endpoint of the storage account (AZURE_STORAGE_ACCOUNT_URL)."
  type        = string
}

variable "blob_container" {
  description = "Artifact container of this environment (BLOB_CONTAINER)."
  type        = string
}

variable "servicebus_namespace" {
  description = "Service Bus namespace name, for the worker's scale rule."
  type        = string
}

variable "servicebus_queue" {
  description = "Job queue (SERVICEBUS_QUEUE)."
  type        = string
}

variable "key_vault_secret_ids" {
  description = "Key Vault secret ids by name: DATABASE-URL, ARTIFACT-SIGNING-SECRET, APPSERVER-TOKEN, ADMIN-TOKEN, SERVICEBUS-CONN, KEDA-SERVICEBUS-CONN."
  type        = map(string)
}

variable "api_min_replicas" {
  description = "Fewest api replicas (1 keeps the API warm)."
  type        = number
  default     = 1
}

variable "api_max_replicas" {
  description = "Most api replicas (scaled on concurrent HTTP requests)."
  type        = number
  default     = 5
}

variable "appserver_replicas" {
  description = "AppServer replicas (each has APPSERVER_SEATS seats)."
  type        = number
  default     = 2
}

variable "appserver_seats" {
  description = "Concurrent solves per AppServer replica (APPSERVER_SEATS); match the replica's vCPUs."
  type        = number
  default     = 2
}

variable "worker_max_replicas" {
  description = "Most worker replicas; KEDA scales between 0 and this on the Service Bus queue length."
  type        = number
  default     = 10
}

variable "retention_days" {
  description = "RETENTION_DAYS: finished jobs and their artifacts older than this are purged (0 keeps all)."
  type        = number
  default     = 30
}

variable "log_level" {
  description = "LOG_LEVEL of every role."
  type        = string
  default     = "info"
}

variable "location" {
  description = "Azure region of the jobs (the environment's)."
  type        = string
}

variable "jwt_jwks_url" {
  description = "JWKS URL of the identity provider whose tokens the API accepts (JWT_JWKS_URL), e.g. https://<project>.supabase.co/auth/v1/.well-known/jwks.json."
  type        = string
}
