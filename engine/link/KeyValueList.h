#pragma once
/// @file KeyValueList.h
/// Parses the comma-separated option lists of the emulation flags ("up=21.1,down=78,rtt=1.4",
/// "jetson-nano,threads=2") into ordered items with typed, range-checked accessors. Value type; any thread.

#include <string>
#include <vector>

namespace edgescope {

class KeyValueList {
 public:
  /// One comma-separated item: "key=value", or a bare word (key empty, value = the word).
  struct Item {
    std::string key;
    std::string value;
  };

  /// Splits @p text at commas, trims blanks, skips empty items. @p owner prefixes error messages ("LinkProfile").
  /// Throws Error naming the item when it has an empty key ("=3") or an empty value ("up=").
  static KeyValueList parse(const std::string& owner, const std::string& text);

  const std::vector<Item>& items() const { return items_; }
  /// @p item's value as a finite number in [lo, hi]; throws Error naming the list, the field and the bad value.
  double number(const Item& item, double lo, double hi) const;
  /// @p item's value as a whole number in [lo, hi]; throws Error like number() and for a fraction.
  long long integer(const Item& item, long long lo, long long hi) const;
  /// Error "OWNER: in 'TEXT': field 'KEY': MESSAGE".
  std::string fieldError(const std::string& key, const std::string& message) const;

 private:
  std::string owner_;
  std::string text_;
  std::vector<Item> items_;
};

}  // namespace edgescope
