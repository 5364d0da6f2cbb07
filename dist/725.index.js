export const id = 725;
export const ids = [725];
export const modules = {

/***/ 7725:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   copyCommand: () => (/* binding */ copyCommand)
/* harmony export */ });
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2111);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1666);
/* harmony import */ var _targets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8679);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6498);




const ACTIONS = {
    transferred: 'copied',
    skipped: 'already there',
    mounted: 'mounted',
    filtered: 'filtered'
};
/** Runs copy. */
async function copyCommand(req, ctx) {
    // username/password belong to the destination (it needs write access); the source reads with the
    // docker config, github-token or anonymously, unless both live on the same registry.
    const destinationHost = req.destination.kind === 'registry' ? req.destination.ref.registry : '';
    const src = await (0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .openTarget */ .A)(req.source, req, ctx, false, destinationHost);
    const dst = await (0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .openTarget */ .A)(req.destination, req, ctx, true);
    const root = await (0,_resolve_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveSource */ .e)(src);
    const first = dst.tag ?? (src.digest ? undefined : src.tag);
    const tags = [...new Set([...(first ? [first] : []), ...req.tags])];
    const result = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .copy */ .C)(src.target, dst.target, root, {
        concurrency: req.concurrency,
        ranges: { connections: req.connections },
        dryRun: req.dryRun,
        tags,
        logger: ctx.logger
    });
    if (result.upToDate) {
        ctx.logger.info(`${dst.base}: ${tags.join(', ')} already point at ${root.digest}; nothing to copy`);
    }
    if (tags.length === 0) {
        ctx.logger.warning(`${(0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .canonical */ .$)(dst, root.digest)} has no tag: give "tags" or a tag in "to" to keep it from garbage collection`);
    }
    const blobs = result.events.filter(e => !e.manifest).map(e => e.descriptor);
    const rows = result.events
        .filter(e => !e.manifest)
        .map(e => ({
        name: e.descriptor.annotations?.['org.opencontainers.image.title'] ?? e.descriptor.digest,
        size: e.descriptor.size,
        mediaType: e.descriptor.mediaType,
        digest: e.descriptor.digest,
        action: req.dryRun && e.action === 'transferred' ? 'would copy' : ACTIONS[e.action]
    }));
    const totals = (0,_result_js__WEBPACK_IMPORTED_MODULE_3__/* .byteTotals */ .g)(blobs, result.events);
    const manifests = result.events.filter(e => e.manifest);
    return {
        verb: req.dryRun ? 'Would copy' : 'Copied',
        digest: root.digest,
        reference: (0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .canonical */ .$)(dst, root.digest),
        mediaType: root.mediaType,
        artifactType: (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_0__/* .artifactTypeOf */ .Gh)(result.parsed),
        tags,
        manifest: result.bytes.toString('utf8'),
        size: manifests.reduce((n, e) => n + e.descriptor.size, 0) + blobs.reduce((n, d) => n + d.size, 0),
        rows,
        dryRun: req.dryRun,
        upToDate: result.upToDate,
        transferredBytes: totals.transferred,
        skippedBytes: totals.skipped
    };
}


/***/ }),

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

/***/ 1666:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ byteTotals),
/* harmony export */   h: () => (/* binding */ rowsFromEvents)
/* harmony export */ });
/** Builds summary rows from copy events (layers only; config and manifests are not files). */
function rowsFromEvents(layers, events, names) {
    const byDigest = new Map(events.filter(e => !e.manifest).map(e => [e.descriptor.digest, e.action]));
    return layers.map(l => ({
        name: l.annotations?.['org.opencontainers.image.title'] ?? l.digest,
        size: l.size,
        mediaType: l.mediaType,
        digest: l.digest,
        action: names[byDigest.get(l.digest) ?? 'skipped']
    }));
}
/** Sums the bytes of the layers' events by action (configs and manifests are not counted). */
function byteTotals(layers, events) {
    const digests = new Set(layers.map(l => l.digest));
    let transferred = 0;
    let skipped = 0;
    for (const e of events) {
        if (e.manifest || !digests.has(e.descriptor.digest))
            continue;
        if (e.action === 'transferred')
            transferred += e.descriptor.size;
        else if (e.action === 'skipped' || e.action === 'mounted')
            skipped += e.descriptor.size;
    }
    return { transferred, skipped };
}


/***/ })

};
