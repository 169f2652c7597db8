#pragma once
/// @file HelpFormatter.h
/// `--help` layout of EdgeScope's command lines: "--k INT in [1, 60]   DESCRIPTION (default 40)". An option's value
/// is its type name (or the name given with type_name(), e.g. URI) followed by its checks; a set of choices reads
/// "C1|C2|C3"; the default follows the description.

#include <CLI/CLI.hpp>

#include <string>

namespace edgescope {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
};

}  // namespace edgescope
