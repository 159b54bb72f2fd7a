// The C interface of cxapian.h over the Xapian C++ API: each function catches what Xapian
// (or the C++ library) throws and hands it back as a cx_error, so no exception reaches
// the caller.
//
// Copyright wenda's authors; GPL-3.0-or-later.
#include "cxapian.h"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct cx_document {
    Xapian::Document doc;
};

struct cx_writable {
    Xapian::WritableDatabase db;
};

struct cx_database {
    Xapian::Database db;
};

struct cx_results {
    Xapian::MSet mset;
    std::vector<std::string> data;
    std::vector<bool> have;
    Xapian::Database db;
    /// Each result's value in the key slot (none without one).
    std::vector<std::string> keys;
};

namespace {

char *copy(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = 0;
    }
    return p;
}

void fail(cx_error *error, cx_error_kind kind, const std::string &message) {
    if (!error) return;
    std::free(error->message);
    error->kind = kind;
    error->message = copy(message);
}

// Runs `body`, turning anything thrown into `error`; false when something was.
template <typename F> bool guarded(cx_error *error, F body) {
    try {
        body();
        return true;
    } catch (const Xapian::NetworkError &e) {
        fail(error, CX_NETWORK, e.get_description());
    } catch (const Xapian::DatabaseModifiedError &e) {
        fail(error, CX_MODIFIED, e.get_description());
    } catch (const Xapian::DatabaseLockError &e) {
        fail(error, CX_LOCKED, e.get_description());
    } catch (const Xapian::DatabaseCorruptError &e) {
        fail(error, CX_CORRUPT, e.get_description());
    } catch (const Xapian::DatabaseOpeningError &e) {
        fail(error, CX_NOT_FOUND, e.get_description());
    } catch (const Xapian::Error &e) {
        fail(error, CX_OTHER, e.get_description());
    } catch (const std::bad_alloc &) {
        fail(error, CX_OTHER, "out of memory");
    } catch (const std::exception &e) {
        fail(error, CX_OTHER, e.what());
    } catch (...) {
        fail(error, CX_OTHER, "unknown error");
    }
    return false;
}

int copy_out(const std::string &s, char **out, size_t *length) {
    *length = s.size();
    if (s.empty()) {
        *out = nullptr;
        return 0;
    }
    *out = static_cast<char *>(std::malloc(s.size()));
    if (!*out) throw std::bad_alloc();
    std::memcpy(*out, s.data(), s.size());
    return 0;
}

} // namespace

extern "C" {

void cx_error_clear(cx_error *error) {
    if (!error) return;
    std::free(error->message);
    error->message = nullptr;
    error->kind = CX_OK;
}

void cx_free(void *pointer) { std::free(pointer); }

const char *cx_xapian_version(void) { return Xapian::version_string(); }

// MARK: Documents

cx_document *cx_document_new(void) { return new (std::nothrow) cx_document; }

void cx_document_free(cx_document *document) { delete document; }

void cx_document_add_term(cx_document *document, const char *term, size_t length, uint32_t wdf) {
    try {
        document->doc.add_term(std::string(term, length), wdf);
    } catch (...) {
    }
}

void cx_document_add_boolean_term(cx_document *document, const char *term, size_t length) {
    try {
        document->doc.add_boolean_term(std::string(term, length));
    } catch (...) {
    }
}

void cx_document_set_data(cx_document *document, const void *data, size_t length) {
    try {
        document->doc.set_data(std::string(static_cast<const char *>(data), length));
    } catch (...) {
    }
}

void cx_document_set_value(cx_document *document, uint32_t slot, const void *value, size_t length) {
    try {
        document->doc.add_value(slot, std::string(static_cast<const char *>(value), length));
    } catch (...) {
    }
}

// MARK: Writable databases

cx_writable *cx_writable_open(const char *path, int create, unsigned flush_threshold, cx_error *error) {
    cx_writable *out = nullptr;
    guarded(error, [&] {
        int action = create == 2 ? Xapian::DB_CREATE_OR_OVERWRITE
                   : create == 1 ? Xapian::DB_CREATE_OR_OPEN
                                 : Xapian::DB_OPEN;
        // Xapian 1.4 takes its flush threshold from the environment only, read as the
        // database opens: set for that moment (one opening at a time), unless the
        // environment says otherwise.
        static std::mutex opening;
        std::lock_guard<std::mutex> lock(opening);
        const char *set = std::getenv("XAPIAN_FLUSH_THRESHOLD");
        bool ours = flush_threshold > 0 && !(set && *set);
        if (ours) setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(flush_threshold).c_str(), 1);
        struct Restore {
            bool ours;
            ~Restore() { if (ours) unsetenv("XAPIAN_FLUSH_THRESHOLD"); }
        } restore{ours};
        out = new cx_writable{Xapian::WritableDatabase(path, action | Xapian::DB_BACKEND_GLASS)};
    });
    return out;
}

void cx_writable_free(cx_writable *database) {
    if (!database) return;
    try {
        // Closing would commit: what was not committed is dropped instead, so a build that
        // stops half way leaves the last commit as it was.
        database->db.begin_transaction(false);
        database->db.close();
    } catch (...) {
    }
    delete database;
}

int cx_writable_commit(cx_writable *database, cx_error *error) {
    return guarded(error, [&] { database->db.commit(); }) ? 0 : -1;
}

uint32_t cx_writable_add(cx_writable *database, const cx_document *document, cx_error *error) {
    Xapian::docid id = 0;
    guarded(error, [&] { id = database->db.add_document(document->doc); });
    return id;
}

uint32_t cx_writable_replace(cx_writable *database, const char *unique_term, size_t length,
                             const cx_document *document, cx_error *error) {
    Xapian::docid id = 0;
    guarded(error, [&] { id = database->db.replace_document(std::string(unique_term, length), document->doc); });
    return id;
}

int cx_writable_delete_term(cx_writable *database, const char *term, size_t length, cx_error *error) {
    return guarded(error, [&] { database->db.delete_document(std::string(term, length)); }) ? 0 : -1;
}

int cx_writable_set_metadata(cx_writable *database, const char *key, const void *value, size_t length,
                             cx_error *error) {
    return guarded(error, [&] {
        database->db.set_metadata(key, std::string(static_cast<const char *>(value), length));
    }) ? 0 : -1;
}

int cx_writable_begin_transaction(cx_writable *database, cx_error *error) {
    return guarded(error, [&] { database->db.begin_transaction(true); }) ? 0 : -1;
}

int cx_writable_commit_transaction(cx_writable *database, cx_error *error) {
    return guarded(error, [&] { database->db.commit_transaction(); }) ? 0 : -1;
}

// MARK: Reading

cx_database *cx_open_local(const char *path, cx_error *error) {
    cx_database *out = nullptr;
    guarded(error, [&] { out = new cx_database{Xapian::Database(path, Xapian::DB_BACKEND_GLASS)}; });
    return out;
}

cx_database *cx_open_tcp(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms,
                         cx_error *error) {
    cx_database *out = nullptr;
    guarded(error, [&] { out = new cx_database{Xapian::Remote::open(host, port, timeout_ms, connect_timeout_ms)}; });
    return out;
}

cx_database *cx_open_program(const char *program, const char *args, unsigned timeout_ms, cx_error *error) {
    cx_database *out = nullptr;
    guarded(error, [&] { out = new cx_database{Xapian::Remote::open(program, args, timeout_ms)}; });
    return out;
}

cx_database *cx_writable_reader(cx_writable *database) {
    return new (std::nothrow) cx_database{database->db};
}

cx_database *cx_combine(cx_database *const *shards, size_t count, cx_error *error) {
    cx_database *out = nullptr;
    guarded(error, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < count; ++i) all.add_database(shards[i]->db);
        out = new cx_database{all};
    });
    return out;
}

void cx_database_free(cx_database *database) { delete database; }

int cx_database_reopen(cx_database *database, cx_error *error) {
    bool changed = false;
    return guarded(error, [&] { changed = database->db.reopen(); }) ? (changed ? 1 : 0) : -1;
}

int cx_database_keep_alive(cx_database *database, cx_error *error) {
    return guarded(error, [&] { database->db.keep_alive(); }) ? 0 : -1;
}

int cx_database_statistics(cx_database *database, uint64_t *documents, uint64_t *total_length,
                           uint32_t *last_docid, cx_error *error) {
    return guarded(error, [&] {
        *documents = database->db.get_doccount();
        *total_length = database->db.get_total_length();
        *last_docid = database->db.get_lastdocid();
    }) ? 0 : -1;
}

int cx_database_term_frequencies(cx_database *database, const char *const *terms, const size_t *lengths,
                                 size_t count, uint64_t *frequencies, cx_error *error) {
    return guarded(error, [&] {
        if (count == 0) return;
        // A search for no document still gathers every term's statistics from every shard,
        // in one exchange each (asking term by term would take one per term and shard).
        std::vector<Xapian::Query> parts;
        std::vector<std::string> keys;
        for (size_t i = 0; i < count; ++i) {
            keys.emplace_back(terms[i], lengths[i]);
            parts.emplace_back(keys.back());
        }
        Xapian::Enquire enquire(database->db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::MSet mset = enquire.get_mset(0, 0);
        for (size_t i = 0; i < count; ++i) frequencies[i] = mset.get_termfreq(keys[i]);
    }) ? 0 : -1;
}

int cx_database_metadata(cx_database *database, const char *key, char **value, size_t *length, cx_error *error) {
    return guarded(error, [&] { copy_out(database->db.get_metadata(key), value, length); }) ? 0 : -1;
}

int cx_database_data(cx_database *database, uint32_t docid, char **data, size_t *length, cx_error *error) {
    return guarded(error, [&] { copy_out(database->db.get_document(docid).get_data(), data, length); }) ? 0 : -1;
}

int cx_database_value(cx_database *database, uint32_t docid, uint32_t slot, char **value, size_t *length,
                      cx_error *error) {
    return guarded(error, [&] {
        copy_out(database->db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(slot), value, length);
    }) ? 0 : -1;
}

int cx_database_wdfs(cx_database *database, uint32_t docid, const char *const *terms, const size_t *lengths,
                     size_t count, uint32_t *wdfs, cx_error *error) {
    return guarded(error, [&] {
        // One pass over the document's terms (one exchange with a remote shard), the
        // terms asked for visited in byte order.
        std::vector<std::pair<std::string, size_t>> keys;
        for (size_t i = 0; i < count; ++i) {
            wdfs[i] = 0;
            keys.emplace_back(std::string(terms[i], lengths[i]), i);
        }
        std::sort(keys.begin(), keys.end());
        Xapian::TermIterator t = database->db.termlist_begin(docid);
        Xapian::TermIterator end = database->db.termlist_end(docid);
        for (const auto &k : keys) {
            t.skip_to(k.first);
            if (t == end) break;
            if (*t == k.first) wdfs[k.second] = t.get_wdf();
        }
    }) ? 0 : -1;
}

int64_t cx_database_first_document(cx_database *database, const char *term, size_t length, cx_error *error) {
    int64_t out = 0;
    bool ok = guarded(error, [&] {
        Xapian::PostingIterator p = database->db.postlist_begin(std::string(term, length));
        out = p == database->db.postlist_end(std::string(term, length)) ? 0 : *p;
    });
    return ok ? out : -1;
}

int cx_database_terms(cx_database *database, const char *prefix, size_t length,
                      int (*visit)(void *context, const char *term, size_t length, uint32_t frequency),
                      void *context, cx_error *error) {
    return guarded(error, [&] {
        std::string p(prefix, length);
        for (Xapian::TermIterator t = database->db.allterms_begin(p); t != database->db.allterms_end(p); ++t) {
            std::string term = *t;
            if (visit(context, term.data(), term.size(), t.get_termfreq()) != 0) break;
        }
    }) ? 0 : -1;
}

// MARK: Searching

cx_results *cx_search(cx_database *database, const cx_query_term *terms, size_t count, cx_weighting weighting,
                      double k1, double b, unsigned first, unsigned limit, int key_slot, cx_error *error) {
    cx_results *out = nullptr;
    guarded(error, [&] {
        std::vector<Xapian::Query> required, optional;
        for (size_t i = 0; i < count; ++i) {
            Xapian::Query term(std::string(terms[i].term, terms[i].length));
            (terms[i].optional ? optional : required).emplace_back(Xapian::Query::OP_SCALE_WEIGHT, term, terms[i].factor);
        }
        if (required.empty()) std::swap(required, optional);
        Xapian::Query query(Xapian::Query::OP_OR, required.begin(), required.end());
        // The optional terms are only looked up (skip_to) at the documents the others
        // found: their postings are never weighed or merged on their own.
        if (!optional.empty())
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end()));
        Xapian::Enquire enquire(database->db);
        enquire.set_query(query);
        if (weighting == CX_WEIGHT_TFIDF) {
            enquire.set_weighting_scheme(Xapian::TfIdfWeight("ltn"));
        } else if (weighting == CX_WEIGHT_LOG_TF) {
            enquire.set_weighting_scheme(Xapian::TfIdfWeight("lnn"));
        } else if (weighting == CX_WEIGHT_NONE) {
            enquire.set_weighting_scheme(Xapian::BoolWeight());
        } else {
            enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 0, b, 0.5));
        }
        // Ties in document id order: the same candidates whatever the shards' timing.
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        if (key_slot >= 0) enquire.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(key_slot), false);
        Xapian::MSet mset = enquire.get_mset(first, limit);
        std::vector<std::string> keys;
        if (key_slot >= 0) {
            keys.reserve(mset.size());
            for (Xapian::MSetIterator i = mset.begin(); i != mset.end(); ++i) keys.push_back(i.get_sort_key());
        }
        out = new cx_results{mset, std::vector<std::string>(mset.size()), std::vector<bool>(mset.size(), false),
                             database->db, std::move(keys)};
    });
    return out;
}

void cx_results_free(cx_results *results) { delete results; }

size_t cx_results_count(const cx_results *results) { return results->mset.size(); }

uint32_t cx_results_docid(const cx_results *results, size_t i) {
    try {
        return *results->mset[static_cast<Xapian::doccount>(i)];
    } catch (...) {
        return 0;
    }
}

double cx_results_weight(const cx_results *results, size_t i) {
    try {
        return results->mset[static_cast<Xapian::doccount>(i)].get_weight();
    } catch (...) {
        return 0;
    }
}

uint64_t cx_results_matches_upper_bound(const cx_results *results) {
    return results->mset.get_matches_upper_bound();
}

uint64_t cx_results_term_frequency(const cx_results *results, const char *term, size_t length) {
    try {
        return results->mset.get_termfreq(std::string(term, length));
    } catch (...) {
        return 0;
    }
}

void cx_results_key(const cx_results *results, size_t i, const char **key, size_t *length) {
    if (i < results->keys.size()) {
        *key = results->keys[i].data();
        *length = results->keys[i].size();
    } else {
        *key = "";
        *length = 0;
    }
}

int cx_results_fetch(cx_results *results, cx_error *error) {
    return guarded(error, [&] {
        // (Over the whole range by iterators: Xapian 1.4's fetch() of all reads past the
        // items of an MSet that does not start at the first match.)
        results->mset.fetch(results->mset.begin(), results->mset.end());
        for (size_t i = 0; i < results->data.size(); ++i) {
            if (results->have[i]) continue;
            results->data[i] = results->mset[static_cast<Xapian::doccount>(i)].get_document().get_data();
            results->have[i] = true;
        }
    }) ? 0 : -1;
}

int cx_results_data(cx_results *results, size_t i, const char **data, size_t *length, cx_error *error) {
    return guarded(error, [&] {
        if (i >= results->data.size()) throw Xapian::RangeError("no such result");
        if (!results->have[i]) {
            results->data[i] = results->mset[static_cast<Xapian::doccount>(i)].get_document().get_data();
            results->have[i] = true;
        }
        *data = results->data[i].data();
        *length = results->data[i].size();
    }) ? 0 : -1;
}

} // extern "C"
