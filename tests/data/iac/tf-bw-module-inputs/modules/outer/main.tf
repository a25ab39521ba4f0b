variable "bucket_id" {
  type = string
}

variable "bucket_arn" {
  type = string
}

module "inner" {
  source     = "../policy"
  bucket_id  = var.bucket_id
  bucket_arn = var.bucket_arn
}
