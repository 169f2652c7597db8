#include "net/CurveKeyPair.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <zmq.h>

#include "util/Error.h"

namespace edgescope {

namespace {

std::string trim(const std::string& text) {
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

void writeFile(const std::string& path, const std::string& text, mode_t mode) {
  ::unlink(path.c_str());  // so that O_CREAT applies the mode even when the file existed
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw Error(path + ": cannot write key file: " + std::strerror(errno));
  const ssize_t written = ::write(fd, text.data(), text.size());
  const bool ok = written == static_cast<ssize_t>(text.size()) && ::fchmod(fd, mode) == 0;
  ::close(fd);
  if (!ok) throw Error(path + ": cannot write key file: " + std::strerror(errno));
}

}  // namespace

CurveKeyPair::CurveKeyPair(std::string publicKey, std::string secretKey)
    : publicKey_(std::move(publicKey)), secretKey_(std::move(secretKey)) {}

CurveKeyPair CurveKeyPair::generate() {
  char publicKey[kZ85KeyChars + 1] = {};
  char secretKey[kZ85KeyChars + 1] = {};
  if (zmq_curve_keypair(publicKey, secretKey) != 0) {
    throw Error(std::string("net: zmq_curve_keypair failed (libzmq without CURVE?): ") + zmq_strerror(zmq_errno()));
  }
  return CurveKeyPair(publicKey, secretKey);
}

bool CurveKeyPair::isValidKey(const std::string& key) {
  if (key.size() != kZ85KeyChars) return false;
  std::uint8_t bytes[32];
  return zmq_z85_decode(bytes, key.c_str()) != nullptr;
}

std::string CurveKeyPair::publicKeyOf(const std::string& secretKey) {
  if (!isValidKey(secretKey)) throw Error("net: not a Z85 CURVE secret key");
  char publicKey[kZ85KeyChars + 1] = {};
  if (zmq_curve_public(publicKey, secretKey.c_str()) != 0) throw Error("net: zmq_curve_public failed");
  return publicKey;
}

std::string CurveKeyPair::readKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot read key file");
  std::string line;
  int lineNumber = 0;
  while (std::getline(in, line) && lineNumber < 1000) {
    ++lineNumber;
    const std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    if (!isValidKey(text)) throw Error::atLine(path, lineNumber, "key", "not a 40-character Z85 CURVE key");
    return text;
  }
  throw Error(path + ": no CURVE key in the file");
}

CurveKeyPair CurveKeyPair::load(const std::string& dir, const std::string& name) {
  const std::string publicPath = dir + "/" + name + ".public";
  const std::string secretPath = dir + "/" + name + ".secret";
  struct stat info {};
  if (::stat(secretPath.c_str(), &info) != 0) throw Error(secretPath + ": missing secret key file");
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw Error(secretPath + ": secret key file is accessible by group or others; chmod 600 it");
  }
  std::string publicKey = readKeyFile(publicPath);
  std::string secretKey = readKeyFile(secretPath);
  if (publicKeyOf(secretKey) != publicKey) {
    throw Error(publicPath + ": public key does not belong to the secret key in " + secretPath);
  }
  return CurveKeyPair(std::move(publicKey), std::move(secretKey));
}

void CurveKeyPair::save(const std::string& dir, const std::string& name) const {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw Error(dir + ": cannot create key folder: " + error.message());
  writeFile(dir + "/" + name + ".public", "# EdgeScope CURVE public key (Z85)\n" + publicKey_ + "\n", 0644);
  writeFile(dir + "/" + name + ".secret", "# EdgeScope CURVE secret key (Z85): keep private\n" + secretKey_ + "\n",
            0600);
}

}  // namespace edgescope
