#include "node/NodeOptions.h"

#include <cstdlib>

#include "util/Error.h"

namespace edgescope {

namespace {

double number(const std::string& option, const std::string& text, double lo, double hi) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || !(value >= lo && value <= hi)) {
    throw Error("option " + option + ": '" + text + "' is not a number in [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "]");
  }
  return value;
}

}  // namespace

const char* NodeOptions::usage() {
  return "usage: edgescope-node --bind tcp://127.0.0.1:5555 --detector SPEC --keys DIR [--allow PATH] [--insecure]\n"
         "                      [--name N] [--threads N] [--device cpu|cuda] [--profile NAME --slowdown F]\n"
         "                      [--queue N]\n"
         "       edgescope-node keygen --out DIR [--name NAME]\n"
         "  --keys DIR    server key pair DIR/node.public + DIR/node.secret (make one with keygen)\n"
         "  --allow PATH  client public keys: a file (one Z85 key per line) or a folder of *.public files;\n"
         "                default DIR/allowed\n"
         "  --insecure    plain mode without keys (only on 127.0.0.1 / localhost / [::1])\n";
}

NodeOptions NodeOptions::parse(const std::vector<std::string>& args) {
  NodeOptions options;
  std::size_t i = 0;
  if (!args.empty() && args[0] == "keygen") {
    options.keygen = true;
    i = 1;
  }
  auto value = [&](const std::string& option) -> std::string {
    if (i + 1 >= args.size()) throw Error("option " + option + ": missing value");
    return args[++i];
  };
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--out" && options.keygen) {
      options.keysDir = value(arg);
    } else if (arg == "--name") {
      options.name = value(arg);
    } else if (options.keygen) {
      throw Error("keygen: unknown option " + arg);
    } else if (arg == "--bind") {
      options.bind = value(arg);
    } else if (arg == "--detector") {
      options.detector = value(arg);
    } else if (arg == "--keys") {
      options.keysDir = value(arg);
    } else if (arg == "--allow") {
      options.allow = value(arg);
    } else if (arg == "--insecure") {
      options.insecure = true;
    } else if (arg == "--threads") {
      options.threads = static_cast<int>(number(arg, value(arg), 0, 256));
    } else if (arg == "--device") {
      options.device = value(arg);
      if (options.device != "cpu" && options.device != "cuda") throw Error("option --device: cpu or cuda");
    } else if (arg == "--profile") {
      options.profile = value(arg);
    } else if (arg == "--slowdown") {
      options.slowdown = number(arg, value(arg), 1.0, 1000.0);
    } else if (arg == "--queue") {
      options.queue = static_cast<int>(number(arg, value(arg), 1, 1024));
    } else {
      throw Error("unknown option " + arg);
    }
  }
  if (options.keygen && options.keysDir.empty() && !options.help) throw Error("keygen: --out DIR is required");
  return options;
}

}  // namespace edgescope
