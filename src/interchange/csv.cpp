// RFC 4180 CSV reading and writing (see csv.hpp).
#include "interchange/csv.hpp"

namespace lo::interchange::csv {

std::vector<Record> parse(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<Record> out;
    std::size_t i = 0, line = 1;
    const auto n = text.size();
    while (i < n) {
        // A blank line between records carries nothing.
        if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
            i += text[i] == '\r' ? 2 : 1;
            ++line;
            continue;
        }
        Record r;
        r.line = line;
        std::string value;
        bool end_of_record = false;
        while (!end_of_record) {
            value.clear();
            if (i < n && text[i] == '"') {
                const auto opened = line;
                ++i;
                bool closed = false;
                while (i < n) {
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            value.push_back('"');
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (c == '\n') ++line;
                    value.push_back(c);
                    ++i;
                }
                if (!closed)
                    throw ParseError(opened,
                                     "line " + std::to_string(opened) +
                                         ": a quoted field starts here but its closing quote is "
                                         "missing, so the rest of the file cannot be read. Check "
                                         "the quotes on this line, or export the file again if it "
                                         "was cut short");
                if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    throw ParseError(
                        line, "line " + std::to_string(line) +
                                  ": a quoted field has more text after its closing quote. "
                                  "Write a quote inside a quoted field as two quotes (\"\")");
            } else {
                while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    value.push_back(text[i++]);
            }
            r.fields.push_back(value);
            if (i >= n) {
                end_of_record = true;
            } else if (text[i] == ',') {
                ++i;
            } else if (text[i] == '\n') {
                ++i, ++line;
                end_of_record = true;
            } else {  // '\r'
                ++i;
                if (i < n && text[i] == '\n') ++i;
                ++line;
                end_of_record = true;
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

Table::Table(std::string name, std::string_view text) : name_(std::move(name)) {
    auto records = parse(text);
    if (records.empty()) return;
    header_ = std::move(records.front().fields);
    for (auto& h : header_) {
        // Header names are matched without surrounding spaces.
        const auto start = h.find_first_not_of(' ');
        const auto end = h.find_last_not_of(' ');
        h = start == std::string::npos ? std::string() : h.substr(start, end - start + 1);
    }
    for (std::size_t c = 0; c < header_.size(); ++c) index_.emplace(header_[c], c);
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].fields.size() != header_.size())
            ragged_.emplace_back(records[r].line, records[r].fields.size());
        rows_.push_back(std::move(records[r]));
    }
}

const std::string& Table::get(std::size_t row, std::string_view column) const {
    static const std::string empty;
    const auto it = index_.find(std::string(column));
    if (it == index_.end()) return empty;
    const auto& fields = rows_[row].fields;
    return it->second < fields.size() ? fields[it->second] : empty;
}

std::string field(std::string_view value) {
    const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!quote) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string record(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out.push_back(',');
        out += field(fields[i]);
    }
    out += "\r\n";
    return out;
}

}  // namespace lo::interchange::csv
