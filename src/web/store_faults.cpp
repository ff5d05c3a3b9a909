// The store's write failures as 503 pages (web/store_faults.hpp).
#include "web/store_faults.hpp"

#include <sqlite3.h>

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace lo::web {

std::optional<http::HttpError> store_fault(const std::exception& e) {
    if (const auto* sql = dynamic_cast<const storage::sqlite::SqliteError*>(&e)) {
        if (sql->code() == SQLITE_FULL)
            return http::HttpError(503,
                                   "We cannot save anything just now because the server's disk "
                                   "is full. Nothing you sent was saved. Please try again later; "
                                   "if it keeps happening, tell the council's web team.");
        if (sql->code() == SQLITE_READONLY || sql->code() == SQLITE_IOERR ||
            sql->code() == SQLITE_CANTOPEN)
            return http::HttpError(503,
                                   "We cannot save anything just now because the server cannot "
                                   "write to its storage. Nothing you sent was saved. Please try "
                                   "again later; if it keeps happening, tell the council's web "
                                   "team.");
    }
    if (dynamic_cast<const storage::StoreUnavailable*>(&e))
        return http::HttpError(503,
                               "The Local Offer is not available just now. Please try again in a "
                               "few minutes.");
    return std::nullopt;
}

}  // namespace lo::web
