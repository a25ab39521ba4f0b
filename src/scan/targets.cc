#include "scan/targets.h"

#include <fstream>
#include <set>
#include <sstream>

#include "aws/endpoints.h"
#include "aws/xml_responses.h"
#include "base/aws_names.h"
#include "base/text.h"

namespace bucketwatch::scan {

Result<AccountTarget> TargetForRoleArn(std::string_view arn) {
  // arn:PARTITION:iam::ACCOUNT:role/NAME
  std::vector<std::string_view> parts;
  size_t pos = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', pos);
    if (colon == std::string_view::npos) break;
    parts.push_back(arn.substr(pos, colon - pos));
    pos = colon + 1;
  }
  std::string_view resource = pos <= arn.size() ? arn.substr(pos) : std::string_view();
  if (parts.size() != 5 || parts[0] != "arn" || parts[2] != "iam" || !parts[3].empty() || !IsAccountId(parts[4]) ||
      !resource.starts_with("role/") || !IsRoleName(resource.substr(5))) {
    return InvalidInput("\"" + std::string(arn) +
                        "\" is not an IAM role ARN such as arn:aws:iam::123456789012:role/Name");
  }
  AccountTarget t;
  t.account_id = std::string(parts[4]);
  t.role_arn = std::string(arn);
  return t;
}

Result<std::vector<AccountTarget>> ParseAccountsFile(std::string_view text, const std::string& source,
                                                     std::string_view region) {
  std::vector<AccountTarget> targets;
  size_t start = 0;
  int line_no = 0;
  while (start < text.size()) {
    ++line_no;
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    std::string where = source + ":" + std::to_string(line_no);
    size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) {
      return InvalidInput(where + ": expected \"account_id role_name\", found only \"" + std::string(line) + "\"");
    }
    std::string_view account = line.substr(0, space);
    std::string_view role = Trim(line.substr(space));
    if (role.find_first_of(" \t") != std::string_view::npos) {
      return InvalidInput(where + ": expected two fields, \"account_id role_name\"; found more");
    }
    if (!IsAccountId(account)) {
      return InvalidInput(where + ": \"" + std::string(account) + "\" is not a 12-digit account id");
    }
    AccountTarget t;
    if (role.starts_with("arn:")) {
      auto parsed = TargetForRoleArn(role);
      if (!parsed.ok()) return InvalidInput(where + ": " + parsed.status().message());
      if (parsed->account_id != account) {
        return InvalidInput(where + ": the role " + std::string(role) + " is not in account " + std::string(account));
      }
      t = std::move(parsed).value();
    } else {
      if (!IsRoleName(role)) return InvalidInput(where + ": \"" + std::string(role) + "\" is not an IAM role name");
      t.account_id = std::string(account);
      t.role_arn = RoleArnIn(account, role, region);
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

Result<std::vector<AccountTarget>> LoadAccountsFile(const std::string& path, std::string_view region) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open the accounts file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError(path + ": cannot read the accounts file");
  return ParseAccountsFile(text.str(), path, region);
}

std::vector<AccountTarget> TargetsForOrganization(const std::vector<aws::OrganizationAccount>& accounts,
                                                  std::string_view role_name, std::string_view own_account,
                                                  std::string_view region) {
  std::vector<AccountTarget> targets;
  for (const aws::OrganizationAccount& a : accounts) {
    AccountTarget t;
    t.account_id = a.id;
    t.name = a.name;
    if (a.id != own_account) t.role_arn = RoleArnIn(a.id, role_name, region);
    if (!a.active()) {
      t.skip_reason = "not scanned: the account is " + a.state + " in AWS Organizations";
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

std::vector<AccountTarget> WithoutDuplicates(std::vector<AccountTarget> targets) {
  std::vector<AccountTarget> out;
  std::set<std::string> accounts, roles;
  for (AccountTarget& t : targets) {
    if (!t.account_id.empty() && !accounts.insert(t.account_id).second) continue;
    if (!t.role_arn.empty() && !roles.insert(t.role_arn).second) continue;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace bucketwatch::scan
