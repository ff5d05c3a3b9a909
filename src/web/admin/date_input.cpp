// GOV.UK's date input (date_input.hpp).
#include "web/admin/date_input.hpp"

#include <charconv>

#include "domain/dates.hpp"
#include "web/admin/form_text.hpp"

namespace lo::web::admin {
namespace {

std::string box(const http::FormFields& form, const std::string& name, const char* part) {
    return trimmed(http::form_value(form, name + "-" + part));
}

int number(const std::string& text, std::size_t most) {
    int n = -1;
    if (text.empty() || text.size() > most) return -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    return ec == std::errc{} && end == text.data() + text.size() ? n : -1;
}

}  // namespace

bool date_input_given(const http::FormFields& form, const std::string& name) {
    return !box(form, name, "day").empty() || !box(form, name, "month").empty() ||
           !box(form, name, "year").empty();
}

std::string read_date_input(const http::FormFields& form,
                            const std::string& name,
                            const std::string& label,
                            domain::ValidationErrors& errors) {
    if (!date_input_given(form, name)) return {};
    const domain::Date d{number(box(form, name, "year"), 4), number(box(form, name, "month"), 2),
                         number(box(form, name, "day"), 2)};
    if (d.year >= 1000 && d.month > 0 && d.day > 0) {
        const auto text = domain::to_string(d);
        if (domain::parse_date(text)) return text;
    }
    errors.push_back({name, label + " must be a real date with a day, month and year, for example "
                                    "31 3 2026"});
    return {};
}

}  // namespace lo::web::admin
