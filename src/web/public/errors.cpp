// Error pages. People land here when something went wrong, so each page says what happened and
// what to do next, in plain English, and never shows technical detail.
#include "web/public/pages.hpp"

#include <nlohmann/json.hpp>

#include "web/markdown.hpp"
#include "web/page.hpp"

namespace lo::web::public_ {
namespace {

bool is_api_path(std::string_view path) {
    for (std::string_view prefix : {"/api", "/openreferral"}) {
        if (path.starts_with(prefix) && (path.size() == prefix.size() ||
                                         path[prefix.size()] == '/' || path[prefix.size()] == '.'))
            return true;
    }
    return false;
}

std::string_view api_code(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 401:
            return "unauthorised";
        case 403:
            return "forbidden";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 409:
            return "conflict";
        case 413:
            return "payload_too_large";
        case 415:
            return "unsupported_media_type";
        case 422:
            return "unprocessable_entity";
        case 429:
            return "too_many_requests";
        case 500:
            return "internal_error";
        case 503:
            return "service_unavailable";
        default:
            return status >= 500 ? "server_error" : "error";
    }
}

struct ErrorText {
    std::string heading;
    std::vector<std::string> paragraphs;
};

ErrorText error_text(int status, const std::string& message, const std::string& error_id) {
    switch (status) {
        case 400:
            return {"There is a problem with that request",
                    {message, "Check the web address, or go back and try again."}};
        case 404: {
            ErrorText t{"Page not found", {}};
            // The router's own 404 says what the paragraphs below say, so only a specific
            // message ("We could not find that service...") is worth showing as well.
            if (!message.empty() && !message.starts_with("We could not find a page"))
                t.paragraphs.push_back(message);
            t.paragraphs.push_back("If you typed the web address, check it is correct.");
            t.paragraphs.push_back(
                "If you pasted the web address, check you copied the entire address.");
            return t;
        }
        case 405:
            return {"Sorry, you cannot do that on this page",
                    {message, "Go back to the page you were on and try again."}};
        case 413:
            return {"What you sent is too big",
                    {"The form or file you sent is bigger than this service accepts. Make it "
                     "smaller and try again."}};
        case 500: {
            ErrorText t{"Sorry, there is a problem with the service", {"Try again later."}};
            if (!error_id.empty())
                t.paragraphs.push_back("If you contact us about this, quote error reference " +
                                       error_id + ".");
            return t;
        }
        case 503:
            // A 503 with a reason (a full disk: "nothing you sent was saved") says it.
            if (!message.empty()) return {"Sorry, the service is unavailable", {message}};
            return {"Sorry, the service is unavailable",
                    {"You will be able to use the service later. Try again in a few minutes."}};
        default:
            return {"Sorry, there is a problem", {message}};
    }
}

}  // namespace

http::Response render_api_error(Context&,
                                const http::Request&,
                                int status,
                                const std::string& message,
                                const std::string& error_id) {
    nlohmann::json error = {{"code", api_code(status)}, {"message", message}};
    if (!error_id.empty()) error["error_id"] = error_id;
    // Replace rather than throw on text that is not UTF-8: an error reply must always go out.
    auto res = http::Response::json(nlohmann::json{{"error", error}}.dump(
                                        -1, ' ', false, nlohmann::json::error_handler_t::replace),
                                    status);
    res.set_header("Cache-Control", "no-store");
    return res;
}

http::Response render_error(Context& ctx,
                            const http::Request& req,
                            int status,
                            const std::string& message,
                            const std::string& error_id) {
    if (is_api_path(req.path)) return render_api_error(ctx, req, status, message, error_id);
    auto text = error_text(status, message, error_id);
    std::erase_if(text.paragraphs, [](const std::string& p) { return p.empty(); });
    try {
        auto model = page_model(ctx, text.heading, Section::None);
        model["heading"] = text.heading;
        model["paragraphs"] = text.paragraphs;
        model["not_found"] = status == 404;
        model["email"] = status == 500 ? ctx.site.contact_email : std::string{};
        auto res = render_page(ctx, "errors/error", model, status);
        res.set_header("Cache-Control", "no-store");
        return res;
    } catch (const std::exception&) {
        // A broken template must not hide the error itself: send a bare page instead.
        std::string body =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
            escape_html(text.heading) + "</title></head><body><main><h1>" +
            escape_html(text.heading) + "</h1>";
        for (const auto& p : text.paragraphs) body += "<p>" + escape_html(p) + "</p>";
        body += "<p><a href=\"/\">Go to the home page</a></p></main></body></html>\n";
        auto res = http::Response::html(std::move(body), status);
        res.set_header("Cache-Control", "no-store");
        return res;
    }
}

}  // namespace lo::web::public_
