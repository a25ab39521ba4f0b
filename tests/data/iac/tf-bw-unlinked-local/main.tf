# An ACL whose bucket is given through a local value: the configuration
# that Terraform prints leaves locals out, so nothing in the plan says
# which bucket the ACL is for, and the bucket's id is not known until
# apply. Both buckets enable ACLs and turn their Block Public Access off.
locals {
  site_id = aws_s3_bucket.site.id
}

resource "aws_s3_bucket" "site" {
  bucket = "bw-iac-gen-unlinked-site"
}

resource "aws_s3_bucket" "logs" {
  bucket = "bw-iac-gen-unlinked-logs"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_acl" "site" {
  depends_on = [aws_s3_bucket_ownership_controls.site, aws_s3_bucket_public_access_block.site]
  bucket     = local.site_id
  acl        = "public-read"
}
