// Mustache compiled once, rendered from JSON (mustache.hpp has the rules and why).
#include "views/mustache.hpp"

#include <stdexcept>

namespace lo::views::mustache {

enum class Kind { Text, Newline, Variable, RawVariable, Section, Inverted, Partial };

struct Node {
    Kind kind = Kind::Text;
    std::string text;               // the text, the line break, or the tag's name
    std::vector<std::string> path;  // the name split at dots; empty for {{.}}
    std::vector<Node> children;     // a section's
    std::size_t position = 0;       // where the tag starts, for messages
};

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// As kainjow splits a dotted name (std::getline on '.'): a trailing empty piece is dropped.
std::vector<std::string> split_name(const std::string& name) {
    if (name == ".") return {};
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < name.size()) {
        const auto dot = name.find('.', start);
        if (dot == std::string::npos) {
            parts.push_back(name.substr(start));
            break;
        }
        parts.push_back(name.substr(start, dot - start));
        start = dot + 1;
    }
    if (parts.empty()) parts.emplace_back();  // {{}}: a name nothing has
    return parts;
}

std::string at(std::size_t position) {
    return " at " + std::to_string(position);
}

class Parser {
public:
    explicit Parser(std::string_view input) : in_(input) {}

    std::vector<Node> parse() {
        std::vector<Node> root;
        open_.push_back(&root);
        std::size_t pos = 0;
        while (pos < in_.size()) {
            if (in_.compare(pos, 2, "{{") == 0) {
                flush_text();
                pos = tag(pos);
            } else if (const auto n = newline_at(pos)) {
                flush_text();
                add({Kind::Newline, std::string(in_.substr(pos, n)), {}, {}, pos});
                pos += n;
            } else {
                text_ += in_[pos++];
            }
        }
        flush_text();
        if (open_.size() > 1) {
            const auto& section = parents_.back();
            throw std::runtime_error("Unclosed section \"" + section->text + "\"" +
                                     at(section->position));
        }
        return root;
    }

private:
    std::size_t newline_at(std::size_t pos) const {
        if (in_.compare(pos, 2, "\r\n") == 0) return 2;
        return in_[pos] == '\n' || in_[pos] == '\r' ? 1 : 0;
    }

    void flush_text() {
        if (text_.empty()) return;
        add({Kind::Text, std::move(text_), {}, {}, 0});
        text_.clear();
    }

    Node& add(Node node) {
        open_.back()->push_back(std::move(node));
        return open_.back()->back();
    }

    // One tag from start ("{{"); returns the position after it.
    std::size_t tag(std::size_t start) {
        std::size_t contents = start + 2;
        const bool triple = contents < in_.size() && in_[contents] == '{';
        const std::string_view end_delimiter = triple ? "}}}" : "}}";
        if (triple) ++contents;
        const auto end = in_.find(end_delimiter, contents);
        if (end == std::string_view::npos) throw std::runtime_error("Unclosed tag" + at(start));
        const auto body = trimmed(in_.substr(contents, end - contents));
        const auto next = end + end_delimiter.size();
        if (triple) return variable(Kind::RawVariable, body, start), next;
        if (body.empty()) return variable(Kind::Variable, body, start), next;
        const auto name = trimmed(std::string_view(body).substr(1));
        switch (body.front()) {
            case '#':
            case '^':
                open_section(body.front() == '#' ? Kind::Section : Kind::Inverted, name, start);
                break;
            case '/':
                close_section(name, start);
                break;
            case '>':
                add({Kind::Partial, name, {}, {}, start});
                break;
            case '&':
                variable(Kind::RawVariable, name, start);
                break;
            case '!':
                break;  // a comment renders nothing and marks nothing
            case '=':
                throw std::runtime_error("Set delimiter tags are not supported (tag" + at(start) +
                                         "); use {{ }}");
            default:
                variable(Kind::Variable, body, start);
        }
        return next;
    }

    void variable(Kind kind, const std::string& name, std::size_t start) {
        add({kind, name, split_name(name), {}, start});
    }

    void open_section(Kind kind, const std::string& name, std::size_t start) {
        auto& node = add({kind, name, split_name(name), {}, start});
        parents_.push_back(&node);
        open_.push_back(&node.children);
    }

    void close_section(const std::string& name, std::size_t start) {
        if (open_.size() == 1)
            throw std::runtime_error("Unopened section \"" + name + "\"" + at(start));
        const auto* section = parents_.back();
        if (section->text != name)
            throw std::runtime_error("Unclosed section \"" + section->text + "\"" +
                                     at(section->position));
        parents_.pop_back();
        open_.pop_back();
    }

    std::string_view in_;
    std::string text_;
    std::vector<std::vector<Node>*> open_;  // where nodes go: the root, then open sections
    std::vector<Node*> parents_;            // the open sections themselves
};

bool is_false(const nlohmann::json& v) {
    switch (v.type()) {
        case nlohmann::json::value_t::object:
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float:
            return false;
        case nlohmann::json::value_t::boolean:
            return !v.get<bool>();
        case nlohmann::json::value_t::string:
            return v.get_ref<const std::string&>().empty();
        case nlohmann::json::value_t::array:
            return v.empty();
        default:
            return true;  // null, and what JSON text cannot hold
    }
}

constexpr int kMaxPartialDepth = 64;

class Renderer {
public:
    Renderer(std::vector<const nlohmann::json*> stack, const Partials& partials, std::string& out)
        : stack_(std::move(stack)), partials_(partials), out_(out), line_start_(out.size()) {}

    void run(const std::vector<Node>& nodes) {
        nodes_(nodes);
        end_line(nullptr);
    }

private:
    void nodes_(const std::vector<Node>& nodes) {
        for (const auto& node : nodes) switch (node.kind) {
                case Kind::Text:
                    out_ += node.text;
                    break;
                case Kind::Newline:
                    end_line(&node.text);
                    break;
                case Kind::Variable:
                case Kind::RawVariable:
                    if (const auto* v = lookup(node)) value(*v, node.kind == Kind::Variable);
                    break;
                case Kind::Section:
                    if (const auto* v = lookup(node); v && !is_false(*v)) section(node, v);
                    break;
                case Kind::Inverted:
                    if (const auto* v = lookup(node); !v || is_false(*v)) section(node, v);
                    break;
                case Kind::Partial:
                    partial(node);
                    break;
            }
    }

    // The line so far is dropped, with its line break, when it held a rendered section and
    // printed only spaces and tabs.
    void end_line(const std::string* line_break) {
        bool blank = true;
        for (auto i = line_start_; i < out_.size() && blank; ++i)
            blank = out_[i] == ' ' || out_[i] == '\t';
        if (marked_ && blank)
            out_.resize(line_start_);
        else if (line_break)
            out_ += *line_break;
        line_start_ = out_.size();
        marked_ = false;
    }

    const nlohmann::json* lookup(const Node& node) const {
        if (node.path.empty()) return stack_.back();
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            const nlohmann::json* v = *it;
            for (const auto& part : node.path) {
                if (!v->is_object()) {
                    v = nullptr;
                    break;
                }
                const auto found = v->find(part);
                v = found == v->end() ? nullptr : &*found;
                if (!v) break;
            }
            if (v) return v;
        }
        return nullptr;
    }

    void value(const nlohmann::json& v, bool escape) {
        std::string number;
        std::string_view text;
        switch (v.type()) {
            case nlohmann::json::value_t::string:
                text = v.get_ref<const std::string&>();
                break;
            case nlohmann::json::value_t::number_integer:
                number = std::to_string(v.get<std::int64_t>());
                break;
            case nlohmann::json::value_t::number_unsigned:
                number = std::to_string(v.get<std::uint64_t>());
                break;
            case nlohmann::json::value_t::number_float:
                number = v.dump();
                break;
            default:
                return;  // true, objects and lists print nothing
        }
        if (!number.empty()) text = number;
        if (escape)
            append_escaped(out_, text);
        else
            out_ += text;
    }

    void section(const Node& node, const nlohmann::json* v) {
        if (v && v->is_array() && !v->empty()) {
            for (const auto& item : *v) within(node, &item);
        } else {
            within(node, v);
        }
    }

    void within(const Node& node, const nlohmann::json* v) {
        marked_ = true;  // the opening tag
        if (v) stack_.push_back(v);
        nodes_(node.children);
        if (v) stack_.pop_back();
        marked_ = true;  // the closing tag
    }

    void partial(const Node& node) {
        const auto* tmpl = partials_.find(node.text);
        if (!tmpl) return;
        if (++depth_ > kMaxPartialDepth)
            throw std::runtime_error("The partial \"" + node.text + "\" is nested more than " +
                                     std::to_string(kMaxPartialDepth) +
                                     " deep: does it include itself?");
        nodes_(tmpl->nodes());
        --depth_;
    }

    std::vector<const nlohmann::json*> stack_;
    const Partials& partials_;
    std::string& out_;
    std::size_t line_start_;
    bool marked_ = false;
    int depth_ = 0;
};

}  // namespace

Template::Template(std::string_view text)
    : nodes_(std::make_unique<std::vector<Node>>(Parser(text).parse())) {}
Template::~Template() = default;
Template::Template(Template&&) noexcept = default;
Template& Template::operator=(Template&&) noexcept = default;

const std::vector<Node>& Template::nodes() const {
    return *nodes_;
}

void render(const Template& tmpl,
            std::vector<const nlohmann::json*> stack,
            const Partials& partials,
            std::string& out) {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    if (stack.empty()) stack.push_back(&kEmpty);
    Renderer(std::move(stack), partials, out).run(tmpl.nodes());
}

void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
}

}  // namespace lo::views::mustache
