#include "record/ModelCardSummary.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonDocument.h"

namespace edgescope {
namespace {

std::string stringAt(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::string number(double value, int decimals) {
  std::ostringstream text;
  text.precision(decimals);
  text << std::fixed << value;
  return text.str();
}

std::string architectureOf(const Json& card) {
  const auto found = card.find("architecture");
  if (found == card.end() || !found->is_object()) return {};
  const Json& a = *found;
  const int stride = a.value("strideOut", 4);
  const auto backbone = a.find("backbone");
  const bool patch = card.value("kind", std::string()) == "patch";
  std::string text = patch ? "ParaLoupe patch model (FairMOT heads on single-person crops) on " : "JDE (FairMOT heads) on ";
  if (backbone != a.end() && backbone->is_object() && stringAt(*backbone, "kind") == "onnx") {
    std::vector<std::string> taps;
    if (backbone->contains("taps") && (*backbone)["taps"].is_array())
      for (const Json& tap : (*backbone)["taps"]) taps.push_back(tap.is_string() ? tap.get<std::string>() : "?");
    text += "the " + stringAt(*backbone, "source") + " graph up to its PAFPN (taps " + join(taps, ", ") + ")";
  } else {
    text += "the residual backbone trained from scratch";
  }
  text += ", output stride " + std::to_string(stride);
  if (a.contains("embeddingDim") && a["embeddingDim"].is_number())
    text += ", " + std::to_string(a["embeddingDim"].get<int>()) + "-d ReID";
  if (a.contains("detectabilityChannels") && a["detectabilityChannels"].is_number())
    text += ", " + std::to_string(a["detectabilityChannels"].get<int>()) + " detectability maps";
  return text;
}

/// Data specs with the synthetic scenes folded into one entry ("8 synthetic scenes (seeds 101, 102, …)").
std::string dataOf(const Json& training) {
  if (!training.contains("data") || !training["data"].is_array()) return {};
  std::vector<std::string> listed, seeds;
  for (const Json& spec : training["data"]) {
    if (!spec.is_string()) continue;
    const std::string text = spec.get<std::string>();
    if (text.rfind("synthetic:", 0) == 0) {
      const std::size_t at = text.find("seed=");
      seeds.push_back(at == std::string::npos ? "?" : text.substr(at + 5, text.find_first_of("&,", at) - at - 5));
    } else {
      const std::size_t comma = text.find(',');
      std::string source = text.substr(0, comma);
      source = source.substr(source.find_last_of('/') + 1);
      const std::size_t frames = text.find("frames=");
      listed.push_back(source + (frames == std::string::npos
                                     ? ""
                                     : " frames " + text.substr(frames + 7, text.find(',', frames) - frames - 7)) +
                       (text.find("gt=") != std::string::npos ? " with GT" : " (teacher labels)"));
    }
  }
  if (!seeds.empty())
    listed.push_back(std::to_string(seeds.size()) + " synthetic scene" + (seeds.size() > 1 ? "s" : "") + " (seed" +
                     (seeds.size() > 1 ? "s " : " ") + join(seeds, ", ") + ")");
  return join(listed, "; ");
}

std::string lineageOf(const Json& card, const Json& training) {
  std::vector<std::string> parts;
  const auto architecture = card.find("architecture");
  if (architecture != card.end() && architecture->is_object() && architecture->contains("backbone")) {
    const Json& b = (*architecture)["backbone"];
    if (b.is_object() && stringAt(b, "kind") == "onnx") {
      const std::string sha = stringAt(b, "sourceSha256");
      const std::string licence = stringAt(b, "licence");
      parts.push_back("backbone initialised from " + stringAt(b, "source") + " (" +
                      (licence.empty() ? "licence not stated" : licence) +
                      (sha.empty() ? "" : ", sha256 " + sha.substr(0, 12) + "…") + ")");
    }
  }
  if (parts.empty()) parts.push_back("trained from scratch");
  if (training.contains("notes") && training["notes"].is_array())
    for (const Json& note : training["notes"])
      if (note.is_string() && note.get<std::string>().rfind("ReID:", 0) == 0) parts.push_back(note.get<std::string>());
  if (training.contains("earlier") && training["earlier"].is_array() && !training["earlier"].empty())
    parts.push_back("continued from " + std::to_string(training["earlier"].size()) + " earlier training run(s)");
  return join(parts, "; ");
}

std::string validationOf(const Json& card, const Json& training) {
  const auto metrics = card.find("metrics");
  if (metrics == card.end() || !metrics->is_object()) return {};
  const bool recommended = metrics->contains("val.recommendedTracker.MOTA");
  const std::string prefix = recommended ? "val.recommendedTracker." : "val.";
  std::vector<std::string> parts;
  for (const char* key : {"MOTA", "IDF1", "HOTA"}) {
    const auto it = metrics->find(prefix + key);
    if (it != metrics->end() && it->is_number()) parts.push_back(std::string(key) + " " + number(it->get<double>(), 3));
  }
  for (const auto& [key, value] : metrics->items()) {  // patch models: F1 per input size
    const std::size_t dot = key.rfind(".f1");
    if (key.rfind("patch.", 0) == 0 && dot != std::string::npos && dot + 3 == key.size() && value.is_number())
      parts.push_back("F1 " + number(value.get<double>(), 3) + " at " + key.substr(6, dot - 6));
  }
  if (parts.empty()) return {};
  std::string on;
  if (training.contains("validation") && training["validation"].is_array() && !training["validation"].empty())
    on = dataOf(Json{{"data", training["validation"]}});
  return join(parts, ", ") + (on.empty() ? "" : " on " + on) + (recommended ? " (card's tracker settings)" : "");
}

/// A Turbo enhancer's card (format "edgescope-turbo", issue 21): what it enhances for, and its validation AP50.
ModelCardSummary turboSummary(const Json& card, const Json& training, ModelCardSummary summary) {
  std::string widths;
  if (card.contains("architecture") && card["architecture"].contains("decoderChannels"))
    for (const Json& w : card["architecture"]["decoderChannels"]) widths += (widths.empty() ? "" : "/") + std::to_string(w.get<int>());
  summary.architecture = "Turbo enhancer: U-Net decoder (" + widths + " channels) on the frozen backbone of " +
                         stringAt(card, "detectorCard") + ", " + std::to_string(card.value("exits", 0)) +
                         " exits, frame and instance discriminators";
  summary.trainingData = dataOf(training);
  summary.lineage = "built for detector card " + stringAt(card, "detectorCard") + " (sha256 " +
                    stringAt(card, "detectorSha256").substr(0, 12) + "…), whose weights stay frozen";
  const auto v = card.find("validation");
  if (v != card.end() && v->is_object()) {
    const double plain = v->value("val.AP50.degraded.exit0", -1.0);
    double best = -1.0;
    int bestExit = 0;
    for (int exit = 1; exit <= card.value("exits", 0); ++exit) {
      const double ap = v->value("val.AP50.degraded.exit" + std::to_string(exit), -1.0);
      if (ap > best) best = ap, bestExit = exit;
    }
    if (plain >= 0 && best >= 0)
      summary.validation = "degraded twins AP50 " + number(plain, 1) + " plain, " + number(best, 1) + " at exit " +
                           std::to_string(bestExit) + "; clean " + number(v->value("val.AP50.clean.exit0", 0.0), 1) +
                           "; D_f AUROC " + number(v->value("val.auroc.discriminator", 0.0), 3);
  }
  return summary;
}

}  // namespace

ModelCardSummary ModelCardSummary::fromJson(const std::string& cardText, const std::string& name) {
  const Json card = JsonDocument::parse(cardText, name).json();
  if (!card.is_object()) throw Error(name + ": a model card is a JSON object");
  ModelCardSummary summary;
  summary.name = stringAt(card, "name");
  summary.description = stringAt(card, "description");
  const Json training = card.contains("training") && card["training"].is_object() ? card["training"] : Json::object();
  if (stringAt(card, "format") == "edgescope-turbo") return turboSummary(card, training, summary);
  summary.architecture = architectureOf(card);
  summary.trainingData = dataOf(training);
  summary.lineage = lineageOf(card, training);
  summary.validation = validationOf(card, training);
  return summary;
}

std::vector<std::pair<std::string, std::string>> ModelCardSummary::rows() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [label, text] : {std::pair<const char*, const std::string&>{"Model", name},
                                    {"Architecture", architecture},
                                    {"Training data", trainingData},
                                    {"Lineage", lineage},
                                    {"Validation", validation}}) {
    if (!text.empty()) out.emplace_back(label, text);
  }
  return out;
}

std::string ModelCardSummary::toText() const {
  std::string text;
  for (const auto& [label, value] : rows()) text += (text.empty() ? "" : "\n") + label + ": " + value;
  return text;
}

}  // namespace edgescope
