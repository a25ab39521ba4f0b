# Settings made by modules, linked to their bucket only through module
# inputs and outputs, and policies rendered by data.aws_iam_policy_document.

# 1. A bucket of the root module; one module turns its Block Public Access
#    off and another sets its policy, each given the bucket through a
#    variable. The policy document names the bucket's ARN, which is not
#    known until apply, so its JSON is not in the plan either.
resource "aws_s3_bucket" "site" {
  bucket = "bw-iac-gen-module-site"
}

module "site_pab" {
  source    = "./modules/pab"
  bucket_id = aws_s3_bucket.site.id
}

module "site_policy" {
  source     = "./modules/policy"
  bucket_id  = aws_s3_bucket.site.id
  bucket_arn = aws_s3_bucket.site.arn
}

# 2. A bucket made by a module from a name known when planning; its policy
#    document is built from that name, so the plan has its JSON.
module "listing" {
  source      = "./modules/public-list"
  bucket_name = "bw-iac-gen-module-listing"
}

# 3. A bucket made by a module, and a policy of the root module for it,
#    through the module's outputs. The document names the bucket's ARN:
#    not known until apply.
module "store" {
  source      = "./modules/store"
  bucket_name = "bw-iac-gen-module-store"
}

data "aws_iam_policy_document" "store_reader" {
  statement {
    sid       = "ReadFromPartner"
    actions   = ["s3:GetObject"]
    resources = ["${module.store.bucket_arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_s3_bucket_policy" "store" {
  bucket = module.store.bucket_id
  policy = data.aws_iam_policy_document.store_reader.json
}

# 4. A module that passes the bucket on to a module of its own: the policy
#    is two module inputs away from its bucket, whose Block Public Access
#    the root module turns off.
resource "aws_s3_bucket" "nested" {
  bucket = "bw-iac-gen-module-nested"
}

resource "aws_s3_bucket_public_access_block" "nested" {
  bucket                  = aws_s3_bucket.nested.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

module "outer" {
  source     = "./modules/outer"
  bucket_id  = aws_s3_bucket.nested.id
  bucket_arn = aws_s3_bucket.nested.arn
}

# 5. A module called with count, and a public policy for its bucket whose
#    text is known when planning (a literal ARN).
module "counted" {
  count       = 1
  source      = "./modules/store"
  bucket_name = "bw-iac-gen-module-counted"
}

resource "aws_s3_bucket_policy" "counted" {
  bucket = module.counted[0].bucket_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::bw-iac-gen-module-counted/*"
    }]
  })
}
