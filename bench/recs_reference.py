"""numpy/scipy reference recommenders for bench/recs.bench.mjs (issue #17).

The same algorithms and iterations as native-workers/ml/recs: implicit ALS (confidence
1 + alpha*r, YtY + lambda*I, warm-started conjugate gradient with `cg_steps` steps per row,
a row stopping once its residual is below 1e-20, users then items) written batched, so every
row's CG step is one set of numpy/scipy operations; item-kNN (cosine with shrinkage over the
items' user columns, top-N neighbours per item). Evaluation: the same metrics @K on the same
holdout and users, read from the files the bench writes.

usage: recs_reference.py TRAIN.i32 TEST.i32 EVALUSERS.i32 USERS ITEMS MODEL K [PARAMS_JSON]
  TRAIN/TEST: int32 pairs (user, item), weights 1; prints one JSON line.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp


def load_pairs(path, users, items):
    a = np.fromfile(path, dtype=np.int32).reshape(-1, 2)
    return sp.csr_matrix((np.ones(len(a)), (a[:, 0], a[:, 1])), shape=(users, items))


def half_step(M, X, Y, reg, alpha, cg_steps):
    """Every row of X re-solved against fixed Y; M is rows x Y-rows, CSR with weights."""
    f = X.shape[1]
    G = Y.T @ Y + reg * np.eye(f)
    rows = np.repeat(np.arange(M.shape[0]), np.diff(M.indptr))
    cols = M.indices
    c1 = alpha * M.data  # c - 1
    Yc = Y[cols]

    def sparse_part(V, coef):
        # sum over a row's entries of coef_e * (y_e . v_row) * y_e
        d = np.einsum("ij,ij->i", Yc, V[rows]) * coef
        return sp.csr_matrix((d, (rows, cols)), shape=M.shape) @ Y

    # r = b - A x = -G x + sum (c - (c-1) y.x) y
    r = -X @ G + sp.csr_matrix((1 + c1, (rows, cols)), shape=M.shape) @ Y - sparse_part(X, c1)
    p = r.copy()
    rs_old = np.einsum("ij,ij->i", r, r)
    active = rs_old >= 1e-20
    for _ in range(cg_steps):
        if not active.any():
            break
        Ap = p @ G + sparse_part(p, c1)
        a = np.where(active, rs_old / np.where(active, np.einsum("ij,ij->i", p, Ap), 1), 0)
        X += a[:, None] * p
        r -= a[:, None] * Ap
        rs_new = np.einsum("ij,ij->i", r, r)
        still = active & (rs_new >= 1e-20)
        beta = np.where(still, rs_new / np.where(active, rs_old, 1), 0)
        p = np.where(still[:, None], r + beta[:, None] * p, p)
        rs_old = np.where(still, rs_new, rs_old)
        active = still


def train_als(R, factors, iterations, reg, alpha, cg_steps, seed):
    rs = np.random.RandomState(seed)
    X = rs.normal(0, 0.01, size=(R.shape[0], factors))
    Y = rs.normal(0, 0.01, size=(R.shape[1], factors))
    RT = R.T.tocsr()
    for _ in range(iterations):
        half_step(R, X, Y, reg, alpha, cg_steps)
        half_step(RT, Y, X, reg, alpha, cg_steps)
    return X, Y


def train_itemknn(R, neighbours, shrinkage):
    items = R.shape[1]
    C = R.T.tocsr()
    norms = np.sqrt(np.asarray(C.multiply(C).sum(axis=1)).ravel())
    S = (C @ C.T).tocoo()
    off = S.row != S.col
    S = sp.coo_matrix((S.data[off], (S.row[off], S.col[off])), shape=S.shape)
    S.data = S.data / (norms[S.row] * norms[S.col] + shrinkage)
    S = S.tocsr()
    keep_rows, keep_cols, keep_vals = [], [], []
    for i in range(items):
        a, b = S.indptr[i], S.indptr[i + 1]
        if a == b:
            continue
        idx, val = S.indices[a:b], S.data[a:b]
        if b - a > neighbours:
            # Highest similarity first, ties to the lower item index (as ours).
            order = np.lexsort((idx, -val))[:neighbours]
            idx, val = idx[order], val[order]
        keep_rows.append(np.full(len(idx), i))
        keep_cols.append(idx)
        keep_vals.append(val)
    return sp.csr_matrix((np.concatenate(keep_vals), (np.concatenate(keep_rows), np.concatenate(keep_cols))), shape=(items, items))


def top_k(scores, k):
    # Ties to the lower index: stable sort of the negated scores.
    return np.argsort(-scores, kind="stable")[:k]


def evaluate(score_rows, R, T, eval_users, k):
    lists, rels = [], []
    for start in range(0, len(eval_users), 512):
        us = eval_users[start:start + 512]
        S = score_rows(us)
        seen = R[us]
        S[seen.nonzero()] = -np.inf
        for row, u in enumerate(us):
            lists.append(top_k(S[row], k))
            rels.append(set(T.indices[T.indptr[u]:T.indptr[u + 1]]))
    prec, rec, ndcg = [], [], []
    for lst, rel in zip(lists, rels):
        hits = np.array([1.0 if i in rel else 0.0 for i in lst])
        dcg = float(np.sum(hits / np.log2(np.arange(2, len(lst) + 2))))
        idcg = float(np.sum(1.0 / np.log2(np.arange(2, min(k, len(rel)) + 2))))
        prec.append(hits.sum() / k)
        rec.append(hits.sum() / len(rel))
        ndcg.append(dcg / idcg)
    return {"ndcg": float(np.mean(ndcg)), "recall": float(np.mean(rec)), "precision": float(np.mean(prec))}


def main():
    train_path, test_path, eval_path, users, items, model, k = sys.argv[1:8]
    params = json.loads(sys.argv[8]) if len(sys.argv) > 8 else {}
    users, items, k = int(users), int(items), int(k)
    R = load_pairs(train_path, users, items)
    T = load_pairs(test_path, users, items)
    eval_users = np.fromfile(eval_path, dtype=np.int32)
    t = time.perf_counter()
    cpu = time.process_time()
    if model == "als":
        X, Y = train_als(R, params.get("factors", 64), params.get("iterations", 15), params.get("regularization", 0.01),
                         params.get("alpha", 40.0), params.get("cgSteps", 3), params.get("seed", 0))
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        score = lambda us: X[us] @ Y.T
    elif model == "itemknn":
        S = train_itemknn(R, params.get("neighbours", 50), params.get("shrinkage", 10.0))
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        score = lambda us: np.asarray((R[us] @ S).todense())
    else:
        raise SystemExit("model must be als or itemknn")
    out = {"model": model, "seconds": seconds, "cpuSeconds": cpu, "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if len(eval_users):
        out.update(evaluate(score, R, T, eval_users, k))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
