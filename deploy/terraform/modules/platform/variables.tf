variable "name" {
  description = "Prefix of every resource name, e.g. \"kuduso-dev\" (lower case letters, digits and dashes)."
  type        = string
}

variable "environment" {
  description = "Environment name (dev, staging, prod): names the blob container and tags everything."
  type        = string
}

variable "location" {
  description = "Azure region, e.g. \"westeurope\"."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "registry_id" {
  description = "Resource id of the Azure Container Registry holding the kuduso image (the apps pull it with their managed identity)."
  type        = string
}

variable "postgres_sku" {
  description = "PostgreSQL Flexible Server SKU."
  type        = string
  default     = "B_Standard_B1ms"
}

variable "postgres_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "postgres_storage_mb" {
  description = "PostgreSQL storage in MB."
  type        = number
  default     = 32768
}

variable "postgres_backup_retention_days" {
  description = "Point-in-time restore window of PostgreSQL, in days (7-35)."
  type        = number
  default     = 14
}

variable "servicebus_queue" {
  description = "Name of the job queue."
  type        = string
  default     = "kuduso-jobs"
}

variable "servicebus_max_delivery_count" {
  description = "Deliveries of one message before Service Bus dead-letters it (Kuduso's own MAX_ATTEMPTS usually acts first)."
  type        = number
  default     = 10
}

variable "artifact_retention_days" {
  description = "Backstop lifecycle rule: blobs older than this are deleted by Storage even if the purge missed them. Keep it above RETENTION_DAYS."
  type        = number
  default     = 45
}

variable "log_retention_days" {
  description = "Log Analytics retention, in days."
  type        = number
  default     = 30
}
