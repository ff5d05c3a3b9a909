// The RFC 4180 reader and writer: quotes, doubled quotes, line breaks inside fields, CRLF, BOM.
#include "interchange/csv.hpp"

#include <gtest/gtest.h>

namespace lo::interchange::csv {
namespace {

std::vector<std::vector<std::string>> fields(std::string_view text) {
    std::vector<std::vector<std::string>> out;
    for (auto& r : parse(text)) out.push_back(r.fields);
    return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvParse, PlainFieldsAndEmptyOnes) {
    EXPECT_EQ(fields("a,b,c\n1,,3\n"), (Rows{{"a", "b", "c"}, {"1", "", "3"}}));
    EXPECT_EQ(fields("a,b,\n"), (Rows{{"a", "b", ""}}));
}

TEST(CsvParse, LastLineNeedsNoLineBreak) {
    EXPECT_EQ(fields("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvParse, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
    EXPECT_EQ(fields("\"Smith, Jones\",\"She said \"\"hi\"\"\",\"one\ntwo\"\n"),
              (Rows{{"Smith, Jones", "She said \"hi\"", "one\ntwo"}}));
    EXPECT_EQ(fields("\"\",x\n"), (Rows{{"", "x"}}));
}

TEST(CsvParse, CrlfAndByteOrderMark) {
    EXPECT_EQ(fields("\xEF\xBB\xBFid,name\r\n1,\"a\r\nb\"\r\n"),
              (Rows{{"id", "name"}, {"1", "a\r\nb"}}));
}

TEST(CsvParse, BlankLinesAreSkippedAndLinesCounted) {
    const auto records = parse("h\n\n\"x\ny\"\nz\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].line, 3u);
    EXPECT_EQ(records[2].line, 5u);  // the quoted field took lines 3 and 4
}

TEST(CsvParse, UnclosedQuoteNamesTheLineItStartsOn) {
    try {
        parse("id,name\n1,ok\n2,\"broken\n3,more\n");
        FAIL() << "no error";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(std::string(e.what()),
                  "line 3: a quoted field starts here but its closing quote is missing, so the "
                  "rest of the file cannot be read. Check the quotes on this line, or export the "
                  "file again if it was cut short");
    }
}

TEST(CsvParse, TextAfterAClosingQuoteIsAnError) {
    try {
        parse("a\n\"x\"y,z\n");
        FAIL() << "no error";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_NE(std::string(e.what()).find("Write a quote inside a quoted field as two quotes"),
                  std::string::npos);
    }
}

TEST(CsvTable, FieldsByColumnNameAndRaggedRows) {
    Table t("services.csv", "id, name ,age\n1,Ann,5\n2,Bob\n3,Cy,7,extra\n");
    EXPECT_TRUE(t.has("name"));
    EXPECT_FALSE(t.has("missing"));
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t.get(0, "name"), "Ann");
    EXPECT_EQ(t.get(1, "age"), "");
    EXPECT_EQ(t.get(0, "missing"), "");
    EXPECT_EQ(t.line(2), 4u);
    EXPECT_EQ(t.ragged(), (std::vector<std::pair<std::size_t, std::size_t>>{{3, 2}, {4, 4}}));
}

TEST(CsvWrite, QuotesOnlyWhenItMust) {
    EXPECT_EQ(field("plain"), "plain");
    EXPECT_EQ(field("a,b"), "\"a,b\"");
    EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(field(" padded"), "\" padded\"");
    EXPECT_EQ(record({"a", "", "b,c"}), "a,,\"b,c\"\r\n");
}

TEST(CsvWrite, WhatIsWrittenReadsBackTheSame) {
    const std::vector<std::string> values = {"",       "x",        "a,b", "\"",
                                             "l1\nl2", "l1\r\nl2", " s ", "caf\xC3\xA9"};
    const auto records = parse(record(values) + record(values));
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].fields, values);
    EXPECT_EQ(records[1].fields, values);
}

}  // namespace
}  // namespace lo::interchange::csv
