"""The three peer systems wenda is measured against.

Each has `build(corpus_path, index_dir)` (read + tokenize + index + persist) and
`open(index_dir)` returning an object with `search(question, k) -> [(doc_id, text, score)]`.
Heavy libraries are imported inside the functions, so a peer's process pays only for
its own imports (start-up is measured per process).
"""

import json
import os

from common import bigrams, char_ngrams, read_corpus


# --- tantivy, character-bigram BM25 -------------------------------------------------

def _tantivy_analyzer(tantivy):
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False))
            .filter(tantivy.Filter.lowercase())
            .build())


def _tantivy_schema(tantivy):
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("text", stored=True, tokenizer_name="bigram")
    return sb.build()


class Tantivy:
    name = "tantivy"
    label = "tantivy, char-bigram BM25"

    @staticmethod
    def build(corpus_path, index_dir):
        import tantivy
        index = tantivy.Index(_tantivy_schema(tantivy), path=index_dir)
        index.register_tokenizer("bigram", _tantivy_analyzer(tantivy))
        writer = index.writer(heap_size=256_000_000)
        for doc_id, _title, text in read_corpus(corpus_path):
            writer.add_document(tantivy.Document(id=doc_id, text=text))
        writer.commit()
        writer.wait_merging_threads()

    def __init__(self, index_dir):
        import tantivy
        self._t = tantivy
        self.index = tantivy.Index.open(index_dir)
        self.index.register_tokenizer("bigram", _tantivy_analyzer(tantivy))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, question, k):
        t = self._t
        terms = bigrams(question)
        if not terms:
            return []
        q = t.Query.boolean_query(
            [(t.Occur.Should, t.Query.term_query(self.schema, "text", b)) for b in terms])
        out = []
        for score, addr in self.searcher.search(q, k).hits:
            d = self.searcher.doc(addr)
            out.append((d["id"][0], d["text"][0], score))
        return out


# --- SQLite FTS5, trigram tokenizer ----------------------------------------------------

class Fts5:
    name = "fts5"
    label = "SQLite FTS5 trigram"

    @staticmethod
    def build(corpus_path, index_dir):
        import sqlite3
        db = sqlite3.connect(os.path.join(index_dir, "index.sqlite"))
        db.execute("CREATE VIRTUAL TABLE p USING fts5(doc_id UNINDEXED, text, tokenize='trigram')")
        with db:
            db.executemany("INSERT INTO p(doc_id, text) VALUES (?, ?)",
                           ((i, t) for i, _title, t in read_corpus(corpus_path)))
        db.execute("INSERT INTO p(p) VALUES ('optimize')")
        db.commit()
        db.close()

    def __init__(self, index_dir):
        import sqlite3
        self.db = sqlite3.connect(os.path.join(index_dir, "index.sqlite"))

    def search(self, question, k):
        grams = char_ngrams(question, 3)
        if not grams:
            return []
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        rows = self.db.execute(
            "SELECT doc_id, text, bm25(p) FROM p WHERE p MATCH ? ORDER BY rank LIMIT ?",
            (match, k)).fetchall()
        return [(d, t, -s) for d, t, s in rows]


# --- jieba words + scikit-learn TF-IDF, cosine (DrQA style) ----------------------------

def jieba_terms(text):
    """The analyzer given to TfidfVectorizer (module level, so the vectorizer pickles)."""
    import jieba
    return [w.lower() for w in jieba.lcut(text) if any(c.isalnum() for c in w)]


def _quiet_jieba():
    import logging
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


class JiebaTfidf:
    name = "tfidf"
    label = "jieba + sklearn TF-IDF"

    @staticmethod
    def build(corpus_path, index_dir):
        import pickle
        import numpy as np
        import scipy.sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        _quiet_jieba()
        ids, texts, offsets = [], [], []
        with open(os.path.join(index_dir, "docs.jsonl"), "wb") as out:
            pos = 0
            for doc_id, _title, text in read_corpus(corpus_path):
                line = (json.dumps([doc_id, text], ensure_ascii=False) + "\n").encode("utf-8")
                offsets.append(pos)
                pos += len(line)
                out.write(line)
                ids.append(doc_id)
                texts.append(text)
        vec = TfidfVectorizer(analyzer=jieba_terms, sublinear_tf=True, dtype=np.float32)
        matrix = vec.fit_transform(texts).tocsr()
        scipy.sparse.save_npz(os.path.join(index_dir, "matrix.npz"), matrix, compressed=False)
        np.save(os.path.join(index_dir, "offsets.npy"), np.asarray(offsets, dtype=np.int64))
        with open(os.path.join(index_dir, "vectorizer.pkl"), "wb") as f:
            pickle.dump(vec, f, protocol=pickle.HIGHEST_PROTOCOL)

    def __init__(self, index_dir):
        import pickle
        import numpy as np
        import scipy.sparse
        _quiet_jieba()
        self.np = np
        with open(os.path.join(index_dir, "vectorizer.pkl"), "rb") as f:
            self.vec = pickle.load(f)
        self.matrix = scipy.sparse.load_npz(os.path.join(index_dir, "matrix.npz")).tocsr()
        self.offsets = np.load(os.path.join(index_dir, "offsets.npy"))
        self.docs = open(os.path.join(index_dir, "docs.jsonl"), "rb")

    def _doc(self, row):
        self.docs.seek(int(self.offsets[row]))
        return json.loads(self.docs.readline())

    def search(self, question, k):
        np = self.np
        q = self.vec.transform([question])
        if q.nnz == 0:
            return []
        scores = (self.matrix @ q.T).toarray().ravel()
        n = min(k, scores.size)
        top = np.argpartition(-scores, n - 1)[:n] if n < scores.size else np.arange(scores.size)
        top = sorted((int(r) for r in top if scores[r] > 0), key=lambda r: (-scores[r], r))
        out = []
        for r in top:
            doc_id, text = self._doc(r)
            out.append((doc_id, text, float(scores[r])))
        return out


PEERS = {p.name: p for p in (Tantivy, Fts5, JiebaTfidf)}
