// Unit tests for the Qt-free JSON reader and value type: JsonWriter round trip, nesting, escapes and Unicode, every
// syntax error kind with its line:column, the nesting limit, and typed-access errors that name the value's path.
#include <QtTest>

#include <clocale>
#include <cmath>
#include <fstream>
#include <limits>

#include "../TestHelpers.h"
#include "util/Error.h"
#include "util/JsonReader.h"
#include "util/JsonValue.h"
#include "util/JsonWriter.h"

using namespace edgescope;

namespace {

using edgescope::testing::errorOf;

JsonValue parse(const std::string& text) { return JsonReader::parse(text, "model.json"); }

}  // namespace

class TestJsonReader : public QObject {
  Q_OBJECT
 private slots:
  void roundTripsJsonWriterOutput() {
    JsonWriter json;
    // clang-format off
    json.beginObject()
        .key("name").value("cam \"north\"\\gate\n\ttab\x01")
        .key("fps").value(29.97)
        .key("frames").value(static_cast<std::int64_t>(123456789012))
        .key("negative").value(-3)
        .key("tiny").value(1.25e-7)
        .key("live").value(true)
        .key("paused").value(false)
        .key("gt").null()
        .key("nan").value(std::nan(""))
        .key("empty").beginArray().endArray()
        .key("none").beginObject().endObject()
        .key("stages").beginArray().value(16).value(32).beginObject().key("k").value("v").endObject().endArray()
        .endObject();
    // clang-format on
    const JsonValue root = JsonReader::parse(json.str(), "writer");
    QVERIFY(root.isObject());
    QCOMPARE(root.size(), std::size_t{12});
    QCOMPARE(root["name"].asString(), std::string("cam \"north\"\\gate\n\ttab\x01"));
    QCOMPARE(root["fps"].asDouble(), 29.97);
    QCOMPARE(root["frames"].asInt64(), std::int64_t{123456789012});
    QCOMPARE(root["negative"].asInt(), -3);
    QCOMPARE(root["tiny"].asDouble(), 1.25e-7);
    QCOMPARE(root["live"].asBool(), true);
    QCOMPARE(root["paused"].asBool(), false);
    QVERIFY(root["gt"].isNull());
    QVERIFY(root["nan"].isNull());
    QCOMPARE(root["empty"].size(), std::size_t{0});
    QVERIFY(root["none"].isObject());
    QCOMPARE(root["stages"].at(1).asInt(), 32);
    QCOMPARE(root["stages"].at(2)["k"].asString(), std::string("v"));
    // Insertion order is kept.
    const char* expectedKeys[] = {"name",   "fps", "frames", "negative", "tiny", "live",
                                  "paused", "gt",  "nan",    "empty",    "none", "stages"};
    for (std::size_t i = 0; i < root.members().size(); ++i) {
      QCOMPARE(root.members()[i].first, std::string(expectedKeys[i]));
    }
  }

  void buildsAndComparesValues() {
    JsonValue built = JsonValue::object();
    built.set("a", JsonValue::number(1));
    built.set("list", JsonValue::array({JsonValue::boolean(true), JsonValue(), JsonValue::string("x")}));
    built.set("a", JsonValue::number(2));  // replaced in place
    QCOMPARE(built.size(), std::size_t{2});
    QCOMPARE(built.members()[0].first, std::string("a"));
    QVERIFY(built == parse(R"({"a": 2, "list": [true, null, "x"]})"));
    QVERIFY(built != parse(R"({"list": [true, null, "x"], "a": 2})"));  // order matters
    QVERIFY(parse("[1.0]") == parse("[1]"));
    QVERIFY(parse("[1]") != parse("[\"1\"]"));
    JsonValue list = JsonValue::array();
    list.append(JsonValue::number(5));
    QCOMPARE(list.at(0).asInt(), 5);
    QVERIFY_THROWS_EXCEPTION(Error, list.set("k", JsonValue()));
    QVERIFY_THROWS_EXCEPTION(Error, built.append(JsonValue()));
    QCOMPARE(errorOf([&] { JsonValue::string("s").asInt(); }), QString("JSON value: expected integer, got string"));
  }

  void nestedValuesKnowTheirPaths() {
    const JsonValue root = JsonReader::parse(R"({"architecture": {"stageChannels": [16, 32, "64"],
      "odd key": {"x-y": [[true]]}}, "top": [{"a": null}]})",
                                             "card.json");
    const JsonValue& channels = root["architecture"]["stageChannels"];
    QCOMPARE(channels.path(), std::string("$.architecture.stageChannels"));
    QCOMPARE(channels.at(2).location(), std::string("card.json: $.architecture.stageChannels[2]"));
    QCOMPARE(root["architecture"]["odd key"]["x-y"].at(0).at(0).path(),
             std::string(R"($.architecture["odd key"]["x-y"][0][0])"));
    QCOMPARE(root["top"].at(0)["a"].path(), std::string("$.top[0].a"));
    QCOMPARE(root.path(), std::string("$"));
    QCOMPARE(JsonValue::typeName(root["top"].type()), "array");
  }

  void typeErrorsNameThePath() {
    const JsonValue root = JsonReader::parse(
        R"({"architecture": {"stageChannels": [16, 32, "64", 2.5, 3e9, 1e300], "name": "m", "on": true}})",
        "card.json");
    const JsonValue& arch = root["architecture"];
    const JsonValue& ch = arch["stageChannels"];
    QCOMPARE(errorOf([&] { ch.at(2).asInt(); }),
             QString("card.json: $.architecture.stageChannels[2]: expected integer, got string"));
    QCOMPARE(errorOf([&] { ch.at(3).asInt(); }),
             QString("card.json: $.architecture.stageChannels[3]: expected integer, got 2.5"));
    QCOMPARE(errorOf([&] { ch.at(4).asInt(); }),
             QString("card.json: $.architecture.stageChannels[4]: integer 3000000000 out of range for int"));
    QCOMPARE(ch.at(4).asInt64(), std::int64_t{3000000000});
    QVERIFY(errorOf([&] {
              ch.at(5).asInt64();
            }).startsWith("card.json: $.architecture.stageChannels[5]: expected integer"));
    QCOMPARE(errorOf([&] { ch.at(0).asString(); }),
             QString("card.json: $.architecture.stageChannels[0]: expected string, got number"));
    QCOMPARE(errorOf([&] { arch["name"].asDouble(); }),
             QString("card.json: $.architecture.name: expected number, got string"));
    QCOMPARE(errorOf([&] { arch["name"].asBool(); }),
             QString("card.json: $.architecture.name: expected bool, got string"));
    QCOMPARE(errorOf([&] { arch["on"].size(); }),
             QString("card.json: $.architecture.on: expected array or object, got bool"));
    QCOMPARE(errorOf([&] { arch["missing"]; }), QString("card.json: $.architecture: missing key 'missing'"));
    QCOMPARE(errorOf([&] { ch["x"]; }),
             QString("card.json: $.architecture.stageChannels: expected object (looking up key 'x'), got array"));
    QCOMPARE(errorOf([&] { ch.at(6); }),
             QString("card.json: $.architecture.stageChannels: index 6 out of range (array has 6 elements)"));
    QCOMPARE(errorOf([&] { arch.at(0); }), QString("card.json: $.architecture: expected array, got object"));
    QCOMPARE(errorOf([&] { arch.items(); }), QString("card.json: $.architecture: expected array, got object"));
    QCOMPARE(errorOf([&] { ch.members(); }),
             QString("card.json: $.architecture.stageChannels: expected object, got array"));
  }

  void convenienceAccessors() {
    const JsonValue root = parse(R"({"rate": 2.5, "label": "cam", "n": 7, "flag": false})");
    QVERIFY(root.contains("rate"));
    QVERIFY(!root.contains("absent"));
    QVERIFY(!root["rate"].contains("rate"));  // not an object → false, no throw
    QCOMPARE(root.numberOr("rate", 1.0), 2.5);
    QCOMPARE(root.numberOr("absent", 1.0), 1.0);
    QCOMPARE(root.stringOr("label", "x"), std::string("cam"));
    QCOMPARE(root.stringOr("absent", "x"), std::string("x"));
    QCOMPARE(root.intOr("n", 1), 7);
    QCOMPARE(root.boolOr("flag", true), false);
    QCOMPARE(root.boolOr("absent", true), true);
    QVERIFY(root.find("absent") == nullptr);
    QCOMPARE(errorOf([&] { root.numberOr("label", 0); }), QString("model.json: $.label: expected number, got string"));
    QCOMPARE(errorOf([&] { root.stringOr("rate", ""); }), QString("model.json: $.rate: expected string, got number"));
    QCOMPARE(errorOf([&] { root["rate"].numberOr("x", 0); }),
             QString("model.json: $.rate: expected object (looking up key 'x'), got number"));
  }

  void escapesAndUnicode() {
    // (No raw string here: moc's tokenizer mis-reads backslashes inside raw string literals.)
    const JsonValue v = parse(
        "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\", \"\\ud83d\\ude00\", "
        "\"é€😀\", \"a\\u0000b\", \"\\u0041\"]");
    QCOMPARE(v.at(0).asString(), std::string("\"\\/\b\f\n\r\t"));
    QCOMPARE(v.at(1).asString(), std::string("\xC3\xA9\xE2\x82\xAC"));
    QCOMPARE(v.at(2).asString(), std::string("\xF0\x9F\x98\x80"));
    QCOMPARE(v.at(3).asString(), v.at(1).asString() + v.at(2).asString());
    QCOMPARE(v.at(4).asString(), std::string("a\0b", 3));
    QCOMPARE(v.at(5).asString(), std::string("A"));
    // Keys unescape too, and a leading byte-order mark is skipped.
    QCOMPARE(parse("\xEF\xBB\xBF{\"k\\u00e9\": 1}")["k\xC3\xA9"].asInt(), 1);
  }

  void numbers() {
    const JsonValue v = parse("[0, -0, 1e3, 1E+2, 2.5e-3, -12.75, 1e-400, 9007199254740992, 1.7976931348623157e308]");
    QCOMPARE(v.at(0).asInt(), 0);
    QVERIFY(std::signbit(v.at(1).asDouble()));
    QCOMPARE(v.at(2).asDouble(), 1000.0);
    QCOMPARE(v.at(3).asDouble(), 100.0);
    QCOMPARE(v.at(4).asDouble(), 0.0025);
    QCOMPARE(v.at(5).asDouble(), -12.75);
    QCOMPARE(v.at(6).asDouble(), 0.0);  // underflow rounds to zero
    QCOMPARE(v.at(7).asInt64(), std::int64_t{9007199254740992});
    QCOMPARE(v.at(8).asDouble(), std::numeric_limits<double>::max());
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
    std::setlocale(LC_NUMERIC, saved.c_str());
    QCOMPARE(value, 2.5);
    if (!commaLocale) QSKIP("no locale with a decimal comma installed; parsed 2.5 under the C locale only");
  }

  void syntaxErrorsNameLineAndColumn_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const auto row = [](const char* tag, const QByteArray& text, const char* message) {
      QTest::newRow(tag) << text << QString::fromUtf8(message);
    };
    row("empty", "", "model.json:1:1: expected a value, found end of input");
    row("whitespace only", "  \n  ", "model.json:2:3: expected a value, found end of input");
    row("missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", "model.json:3:3: expected ',' or '}', found '\"'");
    row("unclosed object", "{\"a\": 1", "model.json:1:8: expected ',' or '}', found end of input");
    row("array missing comma", "[1 2]", "model.json:1:4: expected ',' or ']', found '2'");
    row("unclosed array", "[1,\n2", "model.json:2:2: expected ',' or ']', found end of input");
    row("array trailing comma", "[1, 2,]", "model.json:1:7: expected a value, found ']'");
    row("object trailing comma", "{\"a\":1,}", "model.json:1:8: expected string key, found '}'");
    row("single quotes", "{'a':1}", "model.json:1:2: expected string key, found '''");
    row("bare key", "{a:1}", "model.json:1:2: expected string key, found 'a'");
    row("missing colon", "{\"a\" 1}", "model.json:1:6: expected ':' after key, found '1'");
    row("duplicate key", "{\"a\":1,\"a\":2}", "model.json:1:8: duplicate key 'a'");
    row("bad true", "tru", "model.json:1:1: invalid literal, expected 'true'");
    row("bad false", "[falsy]", "model.json:1:2: invalid literal, expected 'false'");
    row("bad null", "nul", "model.json:1:1: invalid literal, expected 'null'");
    row("NaN", "NaN", "model.json:1:1: expected a value, found 'N'");
    row("plus sign", "+1", "model.json:1:1: expected a value, found '+'");
    row("leading dot", "[.5]", "model.json:1:2: expected a value, found '.'");
    row("leading zero", "[01]", "model.json:1:2: leading zeros are not allowed");
    row("lone minus", "-", "model.json:1:2: expected digit after '-', found end of input");
    row("minus letter", "-x", "model.json:1:2: expected digit after '-', found 'x'");
    row("trailing dot", "1.", "model.json:1:3: expected digit after '.', found end of input");
    row("empty exponent", "1e+", "model.json:1:4: expected digit in exponent, found end of input");
    row("overflow", "[1, 1e400]", "model.json:1:5: number out of range for a double");
    row("unterminated string", "[\"abc", "model.json:1:2: unterminated string");
    row("unterminated escape", "\"\\u0041", "model.json:1:1: unterminated string");
    row("raw tab in string", "\"a\tb\"", "model.json:1:3: unescaped control character U+0009 in string");
    row("raw newline in string", "\"a\nb\"", "model.json:1:3: unescaped control character U+000A in string");
    row("bad escape", "\"\\x\"", "model.json:1:2: invalid escape '\\x' in string");
    row("bad hex", "\"\\u12G4\"", "model.json:1:6: expected 4 hex digits after \\u, found 'G'");
    row("lone high surrogate", "\"\\ud83d\"", "model.json:1:2: unpaired high surrogate in \\u escape");
    row("high then non-low", "\"\\ud83d\\u0041\"", "model.json:1:2: unpaired high surrogate in \\u escape");
    row("lone low surrogate", "\"ab\\ude00\"", "model.json:1:4: unpaired low surrogate in \\u escape");
    row("invalid utf8 byte", "\"\xff\"", "model.json:1:2: invalid UTF-8 in string");
    row("overlong utf8", "\"\xc0\xaf\"", "model.json:1:2: invalid UTF-8 in string");
    row("utf8 surrogate", "\"\xed\xa0\x80\"", "model.json:1:2: invalid UTF-8 in string");
    row("truncated utf8", "\"\xe2\x82\"", "model.json:1:2: invalid UTF-8 in string");
    row("above U+10FFFF", "\"\xf4\x90\x80\x80\"", "model.json:1:2: invalid UTF-8 in string");
    row("byte outside string", "[\x01]", "model.json:1:2: expected a value, found byte 0x01");
    row("trailing garbage", "{} x", "model.json:1:4: expected end of input after the JSON value, found 'x'");
    row("two values", "[1]\n[2]", "model.json:2:1: expected end of input after the JSON value, found '['");
    row("comment", "[1, // c\n 2]", "model.json:1:5: expected a value, found '/'");
    row("column counts characters", "[\"\xc3\xa9\", x]", "model.json:1:7: expected a value, found 'x'");
    row("crlf lines", "{\r\n\"a\" 1}", "model.json:2:5: expected ':' after key, found '1'");
  }
  void syntaxErrorsNameLineAndColumn() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QCOMPARE(errorOf([&] { parse(text.toStdString()); }), message);
  }

  void nestingLimit() {
    const int limit = JsonReader::kMaxDepth;
    const std::string ok = std::string(limit, '[') + std::string(limit, ']');
    QCOMPARE(parse(ok).size(), std::size_t{1});
    const std::string tooDeep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
    QCOMPARE(errorOf([&] { parse(tooDeep); }), QString("model.json:1:257: nesting deeper than 256 levels"));
    std::string objects;
    for (int i = 0; i <= limit; ++i) objects += "{\"a\":";
    QCOMPARE(errorOf([&] { parse(objects); }), QString("model.json:1:1281: nesting deeper than 256 levels"));
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
    const JsonValue card = JsonReader::readFile(path);
    QCOMPARE(card["size"].at(1).asInt(), 640);
    QCOMPARE(errorOf([&] { card["name"].asInt(); }),
             QString::fromStdString(path + ": $.name: expected integer, got string"));

    const std::string broken = (dir.path() + "/broken.json").toStdString();
    {
      std::ofstream out(broken, std::ios::binary);
      out << "{\n  \"a\": [1,\n}";
    }
    QCOMPARE(errorOf([&] { JsonReader::readFile(broken); }),
             QString::fromStdString(broken + ":3:1: expected a value, found '}'"));

    const std::string missing = (dir.path() + "/missing.json").toStdString();
    const QString missingError = errorOf([&] { JsonReader::readFile(missing); });
    QVERIFY2(missingError.startsWith(QString::fromStdString("cannot open JSON file '" + missing + "'")),
             qPrintable(missingError));
    const QString dirError = errorOf([&] { JsonReader::readFile(dir.path().toStdString()); });
    QVERIFY2(dirError.contains(dir.path()), qPrintable(dirError));
  }
};

QTEST_APPLESS_MAIN(TestJsonReader)
#include "TestJsonReader.moc"
