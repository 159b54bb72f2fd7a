// A plain C interface to the parts of the Xapian C++ library wenda uses (as notmuch wraps
// Xapian): writable shard databases and their documents, opening local, remote (TCP or
// program) and combined databases, collection statistics, and searching. No C++ exception
// crosses it: a call that fails fills a `cx_error` (its kind and message) and returns
// NULL, 0 or -1 as it says.
//
// Copyright wenda's authors; GPL-3.0-or-later.
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What went wrong, told apart where the caller acts differently on it.
typedef enum {
    CX_OK = 0,
    /// A remote database did not answer, or broke off (Xapian::NetworkError and its timeout).
    CX_NETWORK = 1,
    /// The database changed under a reader (Xapian::DatabaseModifiedError): reopen, try again.
    CX_MODIFIED = 2,
    /// No database at that path (Xapian::DatabaseNotFoundError, DatabaseOpeningError).
    CX_NOT_FOUND = 3,
    /// Another writer holds the database (Xapian::DatabaseLockError).
    CX_LOCKED = 4,
    /// Damaged (Xapian::DatabaseCorruptError).
    CX_CORRUPT = 5,
    /// Anything else Xapian or the C++ library threw.
    CX_OTHER = 9
} cx_error_kind;

/// Filled by a call that fails: `message` is allocated, freed by `cx_error_clear`.
typedef struct {
    cx_error_kind kind;
    char *message;
} cx_error;

void cx_error_clear(cx_error *error);
/// Frees what a call of this interface allocated for the caller (data, values, metadata).
void cx_free(void *pointer);
/// The version of the Xapian library linked ("1.4.22").
const char *cx_xapian_version(void);

// MARK: Documents

typedef struct cx_document cx_document;

cx_document *cx_document_new(void);
void cx_document_free(cx_document *document);
/// A term with its within-document frequency (added to any it already has).
void cx_document_add_term(cx_document *document, const char *term, size_t length, uint32_t wdf);
/// A term that only filters (wdf 0: it adds nothing to the document's length).
void cx_document_add_boolean_term(cx_document *document, const char *term, size_t length);
void cx_document_set_data(cx_document *document, const void *data, size_t length);
void cx_document_set_value(cx_document *document, uint32_t slot, const void *value, size_t length);

// MARK: Writable databases

typedef struct cx_writable cx_writable;

/// `create`: 0 opens an existing database, 1 opens or creates one, 2 creates one,
/// replacing any there. `flush_threshold`: after how many documents added, replaced or
/// deleted the postings held in memory are merged into the database (0: Xapian's own
/// default of 10,000, or `XAPIAN_FLUSH_THRESHOLD` when the environment sets it, which
/// always wins).
cx_writable *cx_writable_open(const char *path, int create, unsigned flush_threshold, cx_error *error);
/// Closes without committing what was not committed.
void cx_writable_free(cx_writable *database);
int cx_writable_commit(cx_writable *database, cx_error *error);
/// Adds a document; its document id, or 0 on error.
uint32_t cx_writable_add(cx_writable *database, const cx_document *document, cx_error *error);
/// Replaces the document holding `unique_term` (adds it when none does; every other
/// document holding the term is deleted); its document id, or 0 on error. The new
/// document should hold the term itself (Xapian does not add it).
uint32_t cx_writable_replace(cx_writable *database, const char *unique_term, size_t length,
                             const cx_document *document, cx_error *error);
/// Deletes every document holding `term`.
int cx_writable_delete_term(cx_writable *database, const char *term, size_t length, cx_error *error);
int cx_writable_set_metadata(cx_writable *database, const char *key, const void *value, size_t length,
                             cx_error *error);
/// Starts a transaction: what follows is committed all at once by
/// `cx_writable_commit_transaction`, or not at all (postings are still written out as they
/// grow, so memory stays bounded, but no revision is committed before).
int cx_writable_begin_transaction(cx_writable *database, cx_error *error);
int cx_writable_commit_transaction(cx_writable *database, cx_error *error);

// MARK: Reading

typedef struct cx_database cx_database;

cx_database *cx_open_local(const char *path, cx_error *error);
/// A database served by `xapian-tcpsrv` at `host`:`port`. `timeout_ms` bounds each
/// exchange, `connect_timeout_ms` the connection (0: no bound).
cx_database *cx_open_tcp(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms,
                         cx_error *error);
/// A database served by a program speaking Xapian's remote protocol on its standard input
/// and output (`xapian-progsrv PATH`, or `ssh HOST xapian-progsrv PATH`); `args` are
/// separated by spaces.
cx_database *cx_open_program(const char *program, const char *args, unsigned timeout_ms, cx_error *error);
/// What a writable database holds now (its changes not yet committed included).
cx_database *cx_writable_reader(cx_writable *database);
/// One database over several (shards): searched together, statistics merged. Document
/// ids interleave: document d of shard k (of n) is (d − 1) · n + k + 1.
cx_database *cx_combine(cx_database *const *shards, size_t count, cx_error *error);
void cx_database_free(cx_database *database);
/// Opens the latest committed state again: 1 when it changed, 0 when not, −1 on error.
int cx_database_reopen(cx_database *database, cx_error *error);
/// Asks every remote database behind this one to answer (a no-op for local ones).
int cx_database_keep_alive(cx_database *database, cx_error *error);

/// Documents, the sum of their lengths (wdf), and the largest document id.
int cx_database_statistics(cx_database *database, uint64_t *documents, uint64_t *total_length,
                           uint32_t *last_docid, cx_error *error);
/// How many documents hold each of `count` terms (`terms[i]`, `lengths[i]` bytes), in
/// one exchange with each shard.
int cx_database_term_frequencies(cx_database *database, const char *const *terms, const size_t *lengths,
                                 size_t count, uint64_t *frequencies, cx_error *error);
/// A metadata value (allocated; NULL with length 0 when unset).
int cx_database_metadata(cx_database *database, const char *key, char **value, size_t *length, cx_error *error);
/// A document's data (allocated).
int cx_database_data(cx_database *database, uint32_t docid, char **data, size_t *length, cx_error *error);
/// A document's value in `slot` (allocated; empty when unset).
int cx_database_value(cx_database *database, uint32_t docid, uint32_t slot, char **value, size_t *length,
                      cx_error *error);
/// The within-document frequency of each of `count` terms in document `docid` (0 for a
/// term it lacks).
int cx_database_wdfs(cx_database *database, uint32_t docid, const char *const *terms, const size_t *lengths,
                     size_t count, uint32_t *wdfs, cx_error *error);
/// The first document holding `term` (0 when none; −1 on error).
int64_t cx_database_first_document(cx_database *database, const char *term, size_t length, cx_error *error);
/// Calls `visit` with each term starting with `prefix`, in byte order, and how many
/// documents hold it; stops when `visit` returns nonzero.
int cx_database_terms(cx_database *database, const char *prefix, size_t length,
                      int (*visit)(void *context, const char *term, size_t length, uint32_t frequency),
                      void *context, cx_error *error);

// MARK: Searching

/// A term of a query and what its weight is multiplied by. An `optional` term only adds
/// its weight to documents that hold a term that is not optional (the query is
/// `required OR…` AND_MAYBE `optional OR…`; all of them ORed when none is required).
typedef struct {
    const char *term;
    size_t length;
    double factor;
    int optional;
} cx_query_term;

/// How candidates are weighed: Xapian's BM25 (k1, b; k2 = k3 = 0), TF-IDF ("ltn":
/// 1 + ln wdf, ln N/df, no length normalisation), the log of the term frequency alone
/// ("lnn": 1 + ln wdf, so that a term's factor is all of its weight) or none (every
/// document weighs 0, in document id order). All are known to `xapian-tcpsrv`.
typedef enum { CX_WEIGHT_BM25 = 1, CX_WEIGHT_TFIDF = 2, CX_WEIGHT_LOG_TF = 3, CX_WEIGHT_NONE = 4 } cx_weighting;

typedef struct cx_results cx_results;

/// No key slot (`cx_search`).
#define CX_NO_KEY (-1)

/// The documents holding any of `terms` (OR), by `weighting`, best first (equal weights
/// in document id order): `limit` of them from the `first` (0-based). With a `key_slot`
/// (not CX_NO_KEY), equal weights are ordered by the value in that slot first, and each
/// result carries that value (`cx_results_key`) in the same exchange as the results:
/// Xapian's remote protocol sends the sort key with each match, where reading a
/// document's data takes an exchange of its own per document.
cx_results *cx_search(cx_database *database, const cx_query_term *terms, size_t count, cx_weighting weighting,
                      double k1, double b, unsigned first, unsigned limit, int key_slot, cx_error *error);
/// How many documents match at most (exact once every match was ranked).
uint64_t cx_results_matches_upper_bound(const cx_results *results);
void cx_results_free(cx_results *results);
size_t cx_results_count(const cx_results *results);
uint32_t cx_results_docid(const cx_results *results, size_t i);
double cx_results_weight(const cx_results *results, size_t i);
/// How many documents of the whole collection hold `term` (a term of the query), from the
/// statistics the search gathered.
uint64_t cx_results_term_frequency(const cx_results *results, const char *term, size_t length);
/// The value in the key slot of result `i` (empty without a key slot), valid while
/// `results` is.
void cx_results_key(const cx_results *results, size_t i, const char **key, size_t *length);
/// Fetches the data of every result (Xapian 1.4 reads a remote shard's documents one
/// exchange each: keys are the fast way to read a little of each result).
int cx_results_fetch(cx_results *results, cx_error *error);
/// The data of result `i`, valid while `results` is; fetched first when need be.
int cx_results_data(cx_results *results, size_t i, const char **data, size_t *length, cx_error *error);

#ifdef __cplusplus
}
#endif

#endif
