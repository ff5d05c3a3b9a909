// CSV as RFC 4180 defines it, for the HSDS tabular packages and our own spreadsheet set:
// fields separated by commas, records by CRLF or LF; a field in double quotes may hold commas,
// line breaks and doubled quotes (""). A UTF-8 byte order mark at the start is skipped.
// No I/O and no knowledge of what the columns mean: the readers in hsds_import.cpp and
// csv_import.cpp do that.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lo::interchange::csv {

// The text is not CSV: a quoted field that never closes, or text after a closing quote.
class ParseError : public std::runtime_error {
public:
    ParseError(std::size_t line, const std::string& message)
        : std::runtime_error(message), line_(line) {}
    std::size_t line() const { return line_; }  // where the broken record starts, from 1

private:
    std::size_t line_;
};

struct Record {
    std::size_t line = 0;  // the physical line the record starts on, from 1
    std::vector<std::string> fields;
};

// Every record of the text, the header included. A final line break is optional; blank lines
// (nothing at all between two line breaks) are skipped. Throws ParseError.
std::vector<Record> parse(std::string_view text);

// A parsed file with a header row: fields by column name.
class Table {
public:
    // name is used in messages ("services.csv"). Throws ParseError for broken CSV.
    Table(std::string name, std::string_view text);

    const std::string& name() const { return name_; }
    const std::vector<std::string>& header() const { return header_; }
    bool has(std::string_view column) const { return index_.count(std::string(column)) > 0; }
    std::size_t size() const { return rows_.size(); }
    std::size_t line(std::size_t row) const { return rows_[row].line; }
    // The field, or "" when the column is absent or the row is short.
    const std::string& get(std::size_t row, std::string_view column) const;
    // Rows whose field count differs from the header's: (line, field count).
    const std::vector<std::pair<std::size_t, std::size_t>>& ragged() const { return ragged_; }

private:
    std::string name_;
    std::vector<std::string> header_;
    std::map<std::string, std::size_t> index_;
    std::vector<Record> rows_;
    std::vector<std::pair<std::size_t, std::size_t>> ragged_;
};

// One field, quoted only when it must be (it holds a comma, a quote, CR or LF, or starts or ends
// with a space).
std::string field(std::string_view value);
// One record: fields joined by commas, ended by CRLF.
std::string record(const std::vector<std::string>& fields);

}  // namespace lo::interchange::csv
