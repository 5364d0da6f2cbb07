export const id = 466;
export const ids = [466];
export const modules = {

/***/ 6498:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ resolveSource)
/* harmony export */ });
/* unused harmony export editDistance */
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2111);
/** Resolves the manifest a source reference names, with a not-found message that helps. */

/** Resolves digest, else tag, else `latest`; a missing tag names some tags that do exist. */
async function resolveSource(src) {
    const selector = src.digest ?? src.tag ?? 'latest';
    try {
        return await src.target.resolve(selector);
    }
    catch (e) {
        if (!(e instanceof _oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NotFoundError */ .m_) || src.digest)
            throw e;
        let hint = '';
        if ((0,_oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .canListTags */ .sd)(src.target)) {
            let missingRepo = false;
            const existing = await src.target.tags().catch((err) => {
                missingRepo = err instanceof _oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NotFoundError */ .m_;
                return [];
            });
            // The commonest cause is a typo: show the tags closest to the one asked for.
            const closest = [...existing]
                .map(t => ({ t, d: editDistance(t, selector) }))
                .sort((x, y) => x.d - y.d || (x.t < y.t ? -1 : 1))
                .slice(0, 10)
                .map(x => x.t);
            hint = existing.length
                ? ` Closest tags that exist: ${closest.join(', ')}${existing.length > 10 ? ` (of ${existing.length}; list them all with command: tags)` : ''}.`
                : missingRepo
                    ? ' The repository does not exist (or these credentials cannot see it).'
                    : ' The repository has no tags.';
        }
        throw new _oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NotFoundError */ .m_(`tag "${selector}" not found in ${src.base}.${hint}`, { cause: e });
    }
}
/** Levenshtein distance, for ranking tags by closeness to a mistyped one. */
function editDistance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}


/***/ }),

/***/ 2466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tag: () => (/* binding */ tag)
/* harmony export */ });
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2111);
/* harmony import */ var _targets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8679);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6498);



/** Runs tag. */
async function tag(req, ctx) {
    const src = await (0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .openTarget */ .A)(req.source, req, ctx, false);
    const root = await (0,_resolve_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveSource */ .e)(src);
    const { bytes, parsed } = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .fetchManifest */ .Cj)(src.target, root);
    for (const t of req.tags) {
        await src.target.tag(root, t, bytes);
        ctx.logger.info(`${src.base}:${t} → ${root.digest}`);
    }
    return {
        verb: 'Tagged',
        digest: root.digest,
        reference: (0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .canonical */ .$)(src, root.digest),
        mediaType: root.mediaType,
        artifactType: (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .artifactTypeOf */ .Gh)(parsed),
        tags: req.tags,
        manifest: bytes.toString('utf8'),
        rows: []
    };
}


/***/ })

};
