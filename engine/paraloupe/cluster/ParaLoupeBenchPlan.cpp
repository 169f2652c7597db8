#include "paraloupe/cluster/ParaLoupeBenchPlan.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "partition/LocalNodeList.h"
#include "util/Error.h"

namespace edgescope {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, separator);) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

double number(const std::string& text, const std::string& option, const std::string& item, const char* field) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw Error(option + " '" + item + "': " + field + " '" + text + "' is not a number");
}

std::int64_t frameOf(const std::string& text, const std::string& option, const std::string& item,
                     const FrameRange& frames) {
  const double value = number(text, option, item, "frame");
  if (value != std::floor(value) || !frames.contains(static_cast<std::int64_t>(value))) {
    throw Error(option + " '" + item + "': frame " + text + " is outside --frames " + frames.toString());
  }
  return static_cast<std::int64_t>(value);
}

void requireNode(const std::string& node, const std::vector<BenchNode>& nodes, const std::string& option,
                 const std::string& item) {
  for (const BenchNode& known : nodes) {
    if (known.name == node) return;
  }
  throw Error(option + " '" + item + "': unknown node '" + node + "' (--nodes makes node1…node" +
              std::to_string(nodes.size()) + ")");
}

LinkProfile linkOf(const std::string& text, const std::string& option, const std::string& item) {
  return LocalNodeList::link(text, option, item);
}

}  // namespace

std::vector<BenchNode> ParaLoupeBenchPlan::parseNodes(const std::string& text) {
  std::vector<BenchNode> nodes;
  for (LocalNodeEntry& entry : LocalNodeList::parse(text, "--nodes")) {
    nodes.push_back({"node" + std::to_string(nodes.size() + 1), entry.profile, entry.linkText, entry.link});
  }
  return nodes;
}

std::vector<BenchEvent> ParaLoupeBenchPlan::parseEvents(const std::string& killAt, const std::string& cost,
                                                        const std::string& linkAt,
                                                        const std::vector<BenchNode>& nodes,
                                                        const FrameRange& frames) {
  std::vector<BenchEvent> events;
  for (const std::string& item : split(killAt, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) throw Error("--kill-at '" + item + "': expected FRAME:NODE");
    BenchEvent event;
    event.kind = BenchEvent::Kind::Kill;
    event.frame = frameOf(item.substr(0, colon), "--kill-at", item, frames);
    event.node = item.substr(colon + 1);
    requireNode(event.node, nodes, "--kill-at", item);
    event.text = "kill " + event.node;
    events.push_back(event);
  }
  for (const std::string& item : split(cost, ',')) {
    const auto equals = item.find('=');
    const auto at = item.find('@');
    const auto colon = item.find(':', at == std::string::npos ? 0 : at);
    if (equals == std::string::npos || at == std::string::npos || colon == std::string::npos || at < equals) {
      throw Error("--cost '" + item + "': expected NODE=COST@FROM:TO");
    }
    BenchEvent event;
    event.kind = BenchEvent::Kind::Cost;
    event.node = item.substr(0, equals);
    requireNode(event.node, nodes, "--cost", item);
    event.cost = number(item.substr(equals + 1, at - equals - 1), "--cost", item, "cost");
    if (event.cost < 0.0 || event.cost > 1.0) throw Error("--cost '" + item + "': cost must lie in 0..1");
    event.frame = frameOf(item.substr(at + 1, colon - at - 1), "--cost", item, frames);
    const std::int64_t to = frameOf(item.substr(colon + 1), "--cost", item, frames);
    if (to < event.frame) throw Error("--cost '" + item + "': TO is before FROM");
    event.text = event.node + " cost " + item.substr(equals + 1, at - equals - 1);
    events.push_back(event);
    if (to < frames.last) {
      BenchEvent reset = event;
      reset.frame = to + 1;
      reset.cost = 0.0;
      reset.text = event.node + " cost 0";
      events.push_back(reset);
    }
  }
  for (const std::string& item : split(linkAt, ';')) {
    const auto first = item.find(':');
    const auto second = first == std::string::npos ? first : item.find(':', first + 1);
    if (second == std::string::npos) throw Error("--link-at '" + item + "': expected FRAME:NODE:LINK");
    BenchEvent event;
    event.kind = BenchEvent::Kind::Link;
    event.frame = frameOf(item.substr(0, first), "--link-at", item, frames);
    event.node = item.substr(first + 1, second - first - 1);
    requireNode(event.node, nodes, "--link-at", item);
    event.link = linkOf(item.substr(second + 1), "--link-at", item);
    event.text = event.node + " link " + event.link.toString();
    events.push_back(event);
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const BenchEvent& a, const BenchEvent& b) { return a.frame < b.frame; });
  return events;
}

std::vector<BoundingBox> ParaLoupeBenchPlan::parseRois(const std::string& text, cv::Size frameSize) {
  std::vector<BoundingBox> rois;
  for (const std::string& item : split(text, ';')) {
    const std::vector<std::string> fields = split(item, ',');
    if (fields.size() != 4) throw Error("--roi '" + item + "': expected x,y,w,h");
    const double x = number(fields[0], "--roi", item, "x"), y = number(fields[1], "--roi", item, "y");
    const double w = number(fields[2], "--roi", item, "w"), h = number(fields[3], "--roi", item, "h");
    if (w <= 0 || h <= 0) throw Error("--roi '" + item + "': w and h must be positive");
    if (x < 0 || y < 0 || x + w > frameSize.width || y + h > frameSize.height) {
      throw Error("--roi '" + item + "': the rectangle is outside the " + std::to_string(frameSize.width) + "x" +
                  std::to_string(frameSize.height) + " frame");
    }
    rois.push_back({float(x), float(y), float(w), float(h)});
  }
  return rois;
}

std::vector<BenchEvent> ParaLoupeBenchPlan::due(std::int64_t frame) const {
  std::vector<BenchEvent> out;
  for (const BenchEvent& event : events) {
    if (event.frame == frame) out.push_back(event);
  }
  return out;
}

}  // namespace edgescope
