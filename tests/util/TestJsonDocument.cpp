// Unit tests for JsonDocument / JsonNode (nlohmann-json underneath): values and member order, exact double round
// trips, dump's escaping, syntax errors with file:line:column, duplicate keys, NaN/Infinity and overflow refused, the
// nesting limit, and typed-read errors that name the file, line, column and JSON path of the field.
#include <QtTest>

#include <clocale>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

#include "../TestHelpers.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"

using namespace edgescope;

namespace {

using edgescope::testing::errorOf;

JsonNode parse(const std::string& text) { return JsonDocument::parse(text, "model.json").root(); }

std::uint64_t bitsOf(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

const char kCard[] =
    "{\n"
    "  \"name\": \"tiny\",\n"
    "  \"architecture\": {\n"
    "    \"stageChannels\": [16, 32, \"48\", 2.5, 3000000000],\n"
    "    \"name\": \"jde\", \"on\": true,\n"
    "    \"odd key\": {\"x-y\": [[1]]}\n"
    "  },\n"
    "  \"top\": [{\"a\": 1}]\n"
    "}\n";

}  // namespace

class TestJsonDocument : public QObject {
  Q_OBJECT
 private slots:
  void parsesValuesInOrder() {
    // (Plain string literals: moc misreads multi-line raw strings.)
    const JsonNode root = parse(
        "{\"name\": \"cam \\\"north\\\"\\n\", \"fps\": 29.97, \"frames\": 123456789012,\n"
        " \"negative\": -3, \"live\": true, \"gt\": null, \"empty\": [], \"none\": {},\n"
        " \"stages\": [8, 32, {\"k\": \"v\"}]}");
    QVERIFY(root.isObject());
    QCOMPARE(root.size(), std::size_t{9});
    QCOMPARE(root["name"].asString(), std::string("cam \"north\"\n"));
    QCOMPARE(root["fps"].asDouble(), 29.97);
    QCOMPARE(root["frames"].asInt64(), std::int64_t{123456789012});
    QCOMPARE(root["negative"].asInt(), -3);
    QCOMPARE(root["live"].asBool(), true);
    QVERIFY(root["gt"].isNull());
    QCOMPARE(root["empty"].size(), std::size_t{0});
    QVERIFY(root["none"].isObject());
    QCOMPARE(root["stages"].at(1).asInt(), 32);
    QCOMPARE(root["stages"].at(2)["k"].asString(), std::string("v"));
    const char* expectedKeys[] = {"name", "fps", "frames", "negative", "live", "gt", "empty", "none", "stages"};
    const auto members = root.members();
    for (std::size_t i = 0; i < members.size(); ++i) QCOMPARE(members[i].first, std::string(expectedKeys[i]));
    // A UTF-8 byte-order mark is skipped; escapes and surrogate pairs decode.
    QCOMPARE(parse("\xEF\xBB\xBF{\"k\\u00e9\": [\"\\ud83d\\ude00\"]}")["k\xC3\xA9"].at(0).asString(),
             std::string("\xF0\x9F\x98\x80"));
  }

  void doublesRoundTripExactly() {
    std::mt19937_64 random(20261206);
    std::vector<double> values = {0.1, 1.0 / 3.0, -0.0, 5e-324, 2.2250738585072014e-308,
                                  std::numeric_limits<double>::max(), 1e21, 123456789.123456789};
    std::uniform_int_distribution<std::uint64_t> bits;
    while (values.size() < 2000) {
      const std::uint64_t word = bits(random);
      double value = 0.0;
      std::memcpy(&value, &word, sizeof value);
      if (std::isfinite(value)) values.push_back(value);
    }
    Json array = Json::array();
    for (double v : values) array.push_back(v);
    const JsonNode back = parse(JsonDocument::dump(array));
    QCOMPARE(back.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      QVERIFY2(bitsOf(back.at(i).asDouble()) == bitsOf(values[i]), qPrintable(QString::number(values[i], 'g', 17)));
    }
  }

  void dumpEscapesAndWritesNonFiniteAsNull() {
    Json json = Json::object();
    json["s"] = "a\"b\\c\n";
    json["n"] = 1.5;
    json["arr"] = {1, true, nullptr};
    json["inf"] = std::numeric_limits<double>::infinity();
    json["nan"] = std::nan("");
    QCOMPARE(QString::fromStdString(JsonDocument::dump(json)),
             QString("{\"s\":\"a\\\"b\\\\c\\n\",\"n\":1.5,\"arr\":[1,true,null],\"inf\":null,\"nan\":null}"));
    // Bytes that are not UTF-8 (a Latin-1 file name) are replaced, not thrown: a recording never fails on a name.
    QCOMPARE(QString::fromStdString(JsonDocument::dump(Json("caf\xE9.avi"))), QString::fromUtf8("\"caf\uFFFD.avi\""));
  }

  void nestedValuesKnowTheirPaths() {
    const JsonNode root = JsonDocument::parse(kCard, "card.json").root();
    QCOMPARE(root.path(), std::string("$"));
    QCOMPARE(root["architecture"]["stageChannels"].path(), std::string("$.architecture.stageChannels"));
    QCOMPARE(root["architecture"]["odd key"]["x-y"].at(0).at(0).path(),
             std::string("$.architecture[\"odd key\"][\"x-y\"][0][0]"));
    QCOMPARE(root["top"].at(0)["a"].path(), std::string("$.top[0].a"));
    QCOMPARE(root["top"].at(0)["a"].location(), std::string("card.json:8:17: $.top[0].a"));
    QCOMPARE(root["architecture"].location(), std::string("card.json:3:19: $.architecture"));
    QCOMPARE(std::string(root["top"].typeName()), std::string("array"));
  }

  void typeErrorsNameFileLineColumnAndPath() {
    const JsonNode arch = JsonDocument::parse(kCard, "card.json").root()["architecture"];
    const JsonNode ch = arch["stageChannels"];
    QCOMPARE(errorOf([&] { ch.at(2).asInt(); }),
             QString("card.json:4:31: $.architecture.stageChannels[2]: expected integer, got string"));
    QCOMPARE(errorOf([&] { ch.at(3).asInt(); }),
             QString("card.json:4:37: $.architecture.stageChannels[3]: expected integer, got 2.5"));
    QVERIFY(errorOf([&] { ch.at(4).asInt(); }).startsWith("card.json:4:42: $.architecture.stageChannels[4]: integer"));
    QCOMPARE(ch.at(4).asInt64(), std::int64_t{3000000000});
    QCOMPARE(errorOf([&] { ch.at(0).asString(); }),
             QString("card.json:4:23: $.architecture.stageChannels[0]: expected string, got number"));
    QCOMPARE(errorOf([&] { arch["name"].asDouble(); }), QString("card.json:5:13: $.architecture.name: expected number, got string"));
    QCOMPARE(errorOf([&] { arch["on"].size(); }),
             QString("card.json:5:26: $.architecture.on: expected array or object, got bool"));
    QCOMPARE(errorOf([&] { arch["missing"]; }), QString("card.json:3:19: $.architecture: missing key 'missing'"));
    QCOMPARE(errorOf([&] { ch["x"]; }),
             QString("card.json:4:22: $.architecture.stageChannels: expected object (looking up key 'x'), got array"));
    QCOMPARE(errorOf([&] { ch.at(6); }),
             QString("card.json:4:22: $.architecture.stageChannels: index 6 out of range (array has 5 elements)"));
    QCOMPARE(errorOf([&] { arch.at(0); }), QString("card.json:3:19: $.architecture: expected array, got object"));
    QCOMPARE(errorOf([&] { ch.members(); }),
             QString("card.json:4:22: $.architecture.stageChannels: expected object, got array"));
    // A tree built in code has no file: the path alone.
    const Json built = {{"a", "text"}};
    QCOMPARE(errorOf([&] { JsonNode(built)["a"].asInt(); }), QString("$.a: expected integer, got string"));
  }

  void convenienceAccessors() {
    const JsonNode root = parse(R"({"rate": 2.5, "label": "cam", "n": 7, "flag": false})");
    QVERIFY(root.contains("rate"));
    QVERIFY(!root.contains("absent"));
    QVERIFY(!root["rate"].contains("rate"));  // not an object → false, no throw
    QCOMPARE(root.numberOr("rate", 1.0), 2.5);
    QCOMPARE(root.numberOr("absent", 1.0), 1.0);
    QCOMPARE(root.stringOr("label", "x"), std::string("cam"));
    QCOMPARE(root.intOr("n", 1), 7);
    QCOMPARE(root.boolOr("flag", true), false);
    QCOMPARE(root.boolOr("absent", true), true);
    QVERIFY(!root.find("absent"));
    QCOMPARE(errorOf([&] { root.numberOr("label", 0); }), QString("model.json:1:24: $.label: expected number, got string"));
    QCOMPARE(errorOf([&] { root["rate"].numberOr("x", 0); }),
             QString("model.json:1:10: $.rate: expected object (looking up key 'x'), got number"));
  }

  void numbersIgnoreTheLocale() {
    const char* previous = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = previous != nullptr ? previous : "C";
    bool commaLocale = false;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"}) {
      if (std::setlocale(LC_NUMERIC, name) != nullptr) {
        commaLocale = true;
        break;
      }
    }
    const double value = parse("[2.5]").at(0).asDouble();
    const std::string text = JsonDocument::dump(Json(2.5));
    std::setlocale(LC_NUMERIC, saved.c_str());
    QCOMPARE(value, 2.5);
    QCOMPARE(text, std::string("2.5"));
    if (!commaLocale) QSKIP("no locale with a decimal comma installed; checked under the C locale only");
  }

  void syntaxErrorsNameLineAndColumn_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    const auto row = [](const char* tag, const QByteArray& text, const char* where, const char* what) {
      QTest::newRow(tag) << text << QString(where) << QString(what);
    };
    row("empty", "", "model.json:1:1: ", "unexpected end of input");
    row("missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", "model.json:3:5: ", "expected '}'");
    row("unclosed object", "{\"a\": 1", "model.json:1:8: ", "unexpected end of input");
    row("array missing comma", "[1 2]", "model.json:1:4: ", "expected ']'");
    row("array trailing comma", "[1, 2,]", "model.json:1:7: ", "unexpected ']'");
    row("object trailing comma", "{\"a\":1,}", "model.json:1:8: ", "unexpected '}'");
    row("single quotes", "{'a':1}", "model.json:1:2: ", "invalid literal");
    row("missing colon", "{\"a\" 1}", "model.json:1:6: ", "expected ':'");
    row("duplicate key", "{\"a\":1,\n \"a\":2}", "model.json:2:2: ", "duplicate key \"a\"");
    row("NaN", "NaN", "model.json:1:1: ", "invalid literal");
    row("Infinity", "[1, Infinity]", "model.json:1:5: ", "invalid literal");
    row("minus Infinity", "[-Infinity]", "model.json:1:3: ", "invalid number");
    row("overflow", "[1, 1e400]", "model.json:1:", "number overflow");
    row("leading zero", "[01]", "model.json:1:3: ", "expected ']'");
    row("unterminated string", "[\"abc", "model.json:1:6: ", "missing closing quote");
    row("raw tab in string", "\"a\tb\"", "model.json:1:3: ", "control character");
    row("bad escape", "\"\\x\"", "model.json:1:3: ", "after backslash");
    row("lone surrogate", "\"\\ud83d\"", "model.json:1:", "surrogate");
    row("invalid utf8 byte", "\"\xff\"", "model.json:1:2: ", "UTF-8");
    row("trailing garbage", "{} x", "model.json:1:4: ", "expected end of input");
    row("comment", "[1, // c\n 2]", "model.json:1:5: ", "invalid literal");
    row("column counts characters", "[\"\xc3\xa9\", x]", "model.json:1:7: ", "invalid literal");
  }
  void syntaxErrorsNameLineAndColumn() {
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    QFETCH(QString, what);
    const QString message = errorOf([&] { parse(text.toStdString()); });
    QVERIFY2(message.startsWith(where) && message.contains(what), qPrintable(message));
    QVERIFY2(!message.contains("json.exception"), qPrintable(message));
  }

  void nestingLimit() {
    const int limit = JsonDocument::kMaxDepth;
    const std::string ok = std::string(limit, '[') + std::string(limit, ']');
    QCOMPARE(parse(ok).size(), std::size_t{1});
    const std::string tooDeep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
    QCOMPARE(errorOf([&] { parse(tooDeep); }), QString("model.json:1:257: nesting deeper than 256 levels"));
    // A hostile input far beyond the limit is rejected without exhausting the stack.
    QCOMPARE(errorOf([&] { parse(std::string(1000000, '[')); }),
             QString("model.json:1:257: nesting deeper than 256 levels"));
  }

  void readsFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = (dir.path() + "/card.json").toStdString();
    {
      std::ofstream out(path, std::ios::binary);
      out << "{\n  \"name\": \"yolox\",\n  \"size\": [640, 640]\n}\n";
    }
    const JsonNode card = JsonDocument::readFile(path).root();
    QCOMPARE(card["size"].at(1).asInt(), 640);
    QCOMPARE(errorOf([&] { card["name"].asInt(); }),
             QString::fromStdString(path + ":2:11: $.name: expected integer, got string"));

    const std::string broken = (dir.path() + "/broken.json").toStdString();
    {
      std::ofstream out(broken, std::ios::binary);
      out << "{\n  \"a\": [1,\n}";
    }
    const QString brokenError = errorOf([&] { JsonDocument::readFile(broken); });
    QVERIFY2(brokenError.startsWith(QString::fromStdString(broken + ":3:1: ")), qPrintable(brokenError));

    const std::string missing = (dir.path() + "/missing.json").toStdString();
    const QString missingError = errorOf([&] { JsonDocument::readFile(missing); });
    QVERIFY2(missingError.startsWith(QString::fromStdString("cannot open JSON file '" + missing + "'")),
             qPrintable(missingError));
    const QString dirError = errorOf([&] { JsonDocument::readFile(dir.path().toStdString()); });
    QVERIFY2(dirError.contains(dir.path()), qPrintable(dirError));
  }
};

QTEST_APPLESS_MAIN(TestJsonDocument)
#include "TestJsonDocument.moc"
