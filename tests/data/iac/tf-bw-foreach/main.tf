# Buckets made with for_each, and their settings made with for_each over
# the buckets themselves: `bucket = each.value.id` names no resource, so
# the link is the resource's for_each expression and the instance key.
resource "aws_s3_bucket" "site" {
  for_each = toset(["bw-iac-gen-foreach-a", "bw-iac-gen-foreach-b"])
  bucket   = each.key
}

resource "aws_s3_bucket_public_access_block" "site" {
  for_each                = aws_s3_bucket.site
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

# Only bucket "a" gets a public policy.
resource "aws_s3_bucket_policy" "site" {
  for_each = { for k, b in aws_s3_bucket.site : k => b if k == "bw-iac-gen-foreach-a" }
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::${each.key}/*"
    }]
  })
}
