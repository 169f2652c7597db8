#include "common/HelpFormatter.h"

#include <vector>

namespace edgescope {

namespace {

bool isCheck(const std::string& part) {
  return part.rfind("in [", 0) == 0 || part.rfind(">= ", 0) == 0 || (part.size() >= 2 && part.front() == '{');
}

/// CLI11 appends each check's description to the type name after a ':' (a type name may hold ':' itself, e.g.
/// "A:B"): "INT:in [1, 60]" → "INT in [1, 60]"; "TEXT:{C1,C2,C3}" → "C1|C2|C3".
std::string valueText(const std::string& typeName) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= typeName.size()) {
    const std::size_t colon = typeName.find(':', start);
    const std::string part = typeName.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    start = colon == std::string::npos ? typeName.size() + 1 : colon + 1;
    if (!parts.empty() && !isCheck(part) && !isCheck(parts.back())) parts.back() += ":" + part;
    else parts.push_back(part);
  }
  std::string text;
  for (std::string& part : parts) {
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      part = part.substr(1, part.size() - 2);
      for (char& c : part) c = c == ',' ? '|' : c;
      text = part;  // the choices say more than the type name before them
    } else if (!part.empty()) {
      text += (text.empty() ? "" : " ") + part;
    }
  }
  return text;
}

}  // namespace

HelpFormatter::HelpFormatter() { column_width(36); }

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (!option->get_option_text().empty()) return " " + option->get_option_text();
  if (option->get_type_size() == 0) return {};  // a flag
  std::string text = " " + valueText(option->get_type_name());
  if (option->get_required()) text += " " + get_label("REQUIRED");
  return text;
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  std::string text = option->get_description();
  if (option->get_expected_max() > 1) text += " (repeatable)";
  if (option->get_type_size() != 0 && !option->get_default_str().empty())
    text += " (default " + option->get_default_str() + ")";
  return text;
}

}  // namespace edgescope
