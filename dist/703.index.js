export const id = 703;
export const ids = [703];
export const modules = {

/***/ 6664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xr: () => (/* reexport */ cacheKeys),
  UE: () => (/* binding */ closeBlobCache),
  is: () => (/* binding */ openBlobCache),
  $V: () => (/* binding */ restoreBetweenRuns),
  cs: () => (/* binding */ saveBetweenRuns)
});

// UNUSED EXPORTS: DEFAULT_CACHE_MAX_BYTES

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/oci/index.ts + 46 modules
var oci = __webpack_require__(2111);
;// CONCATENATED MODULE: ./src/cache/service.ts
let announced = false;
/**
 * The Actions cache service, or undefined (said once in the log) when this run has none: a local
 * run, a GHES instance without the cache, a test.
 */
async function actionsCacheService(logger) {
    const env = process.env;
    const configured = Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
    const cache = configured ? await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(691)]).then(__webpack_require__.bind(__webpack_require__, 1691)) : undefined;
    if (!cache?.isFeatureAvailable()) {
        if (!announced) {
            logger.info('blob cache: the Actions cache service is not available here (local run, or GHES without it); using the runner tool cache only');
        }
        announced = true;
        return undefined;
    }
    return {
        restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
        save: async (paths, key) => {
            await cache.saveCache(paths, key);
        }
    };
}

;// CONCATENATED MODULE: ./src/cache/tool-cache.ts
/**
 * Where the blob store lives: the runner's tool cache, in its folder convention
 * (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>` with a `<arch>.complete` marker), so it persists on
 * self-hosted runners and is shared by the runs of one machine.
 */



/** The tool name and version the store is filed under; the version changes with its format. */
const STORE_TOOL = 'oci-model-action-blobs';
const STORE_VERSION = '1.0.0';
/** The store folder, found or created; undefined when the runner has no tool cache. */
async function storeFolder() {
    const root = process.env.RUNNER_TOOL_CACHE;
    if (!root)
        return undefined;
    const tc = await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(805)]).then(__webpack_require__.bind(__webpack_require__, 9805));
    const found = tc.find(STORE_TOOL, STORE_VERSION);
    if (found)
        return found;
    const dir = (0,external_node_path_.join)(root, STORE_TOOL, STORE_VERSION, (0,external_node_os_.arch)());
    await (0,promises_.mkdir)(dir, { recursive: true });
    // The marker tool-cache's find() looks for; concurrent creators write the same empty file.
    await (0,promises_.writeFile)(`${dir}.complete`, '');
    return dir;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/cache/keys.ts
/**
 * Keys of the between-runs cache (@actions/cache). A pull saves under a key naming the repository,
 * the manifest digest and the `include` selection, and restores with that key first, then any key
 * of the same manifest (another selection), then any key of the repository (an older version, whose
 * unchanged shards are reused). `@` separates the parts: it cannot appear in a repository name, so
 * the prefix of `acme/model` never matches `acme/model-large`.
 */

/** Bump to start afresh when the archive's layout changes. */
const VERSION = 'v1';
/** Keys for a pull of `digest` from `registry/repository` with the given `include` patterns. */
function cacheKeys(registry, repository, digest, include) {
    const selection = include.length === 0
        ? 'all'
        : (0,external_node_crypto_.createHash)('sha256')
            .update(JSON.stringify([...include].sort()))
            .digest('hex')
            .slice(0, 16);
    const repo = `oci-model-action-${VERSION}@${registry}/${repository}@`;
    return {
        key: `${repo}${digest}@${selection}`,
        restoreKeys: [`${repo}${digest}@`, repo]
    };
}

;// CONCATENATED MODULE: ./src/cache/index.ts
/**
 * The blob cache around the local store (src/oci/store): where it lives (the runner tool cache), and
 * how it travels between hosted runs (@actions/cache, restored before the fetch and saved at the end
 * of the step). Without the cache service the action works the same, with the tool cache only.
 */







/** Default size limit of the store (input `cache-max-size`). */
const DEFAULT_CACHE_MAX_BYTES = (/* unused pure expression or super */ null && (10 * 1024 ** 3));
/** Opens the store in the tool cache; undefined (said in the log) when the runner has none. */
async function openBlobCache(opts) {
    const folder = await storeFolder();
    if (!folder) {
        opts.logger.info('blob cache: RUNNER_TOOL_CACHE is not set; running without the blob cache');
        return undefined;
    }
    const store = await oci/* BlobStore */.lb.openStore(folder, { logger: opts.logger });
    const service = opts.service === null ? undefined : (opts.service ?? (await actionsCacheService(opts.logger)));
    opts.logger.debug(`blob cache: ${folder}`);
    return { store, maxBytes: opts.maxBytes, service, logger: opts.logger };
}
/** The folder the between-runs archive is restored into and saved from (a fixed path: it is part of the cache version). */
function transferFolder() {
    return (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'oci-model-action-cache');
}
/**
 * Restores the archive of the best matching key and adopts its blobs into the store (each verified
 * by digest). Never fails the pull: a broken restore is a warning. Returns the key that hit.
 */
async function restoreBetweenRuns(cache, keys, wanted) {
    if (!cache.service)
        return undefined;
    const dir = transferFolder();
    const byDigest = new Map(wanted.map(d => [d.digest, d]));
    try {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        const hit = await cache.service.restore([dir], keys.key, keys.restoreKeys);
        if (!hit) {
            cache.logger.info('blob cache: no earlier run saved blobs of this repository');
            return undefined;
        }
        let adopted = 0;
        for (const algorithm of await (0,promises_.readdir)((0,external_node_path_.join)(dir, 'blobs')).catch(() => [])) {
            for (const encoded of await (0,promises_.readdir)((0,external_node_path_.join)(dir, 'blobs', algorithm))) {
                const desc = byDigest.get(`${algorithm}:${encoded}`);
                if (!desc || !(0,oci/* isDigest */.Bc)(desc.digest))
                    continue;
                if (await cache.store.adopt((0,external_node_path_.join)(dir, 'blobs', algorithm, encoded), desc))
                    adopted++;
                else
                    cache.logger.warning(`blob cache: restored ${desc.digest} does not verify; ignored`);
            }
        }
        cache.logger.info(`blob cache: restored ${adopted} blob(s) of this pull from cache key ${hit}`);
        return hit;
    }
    catch (e) {
        cache.logger.warning(`blob cache: restore failed (${e.message}); pulling without it`);
        return undefined;
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** Saves the blobs of this pull under the primary key. Never fails the pull. */
async function saveBetweenRuns(cache, keys, blobs) {
    if (!cache.service)
        return;
    const service = cache.service;
    const dir = transferFolder();
    try {
        await cache.store.withExport(dir, blobs, () => service.save([dir], keys.key));
        cache.logger.info(`blob cache: saved ${blobs.length} blob(s) under cache key ${keys.key}`);
    }
    catch (e) {
        cache.logger.warning(`blob cache: save failed (${e.message})`);
    }
}
/** Evicts least-recently-used blobs over the limit (sparing `keep`) and saves the memo. */
async function closeBlobCache(cache, keep = []) {
    try {
        const r = await cache.store.prune(cache.maxBytes, { keep: new Set(keep.map(d => d.digest)) });
        if (r.evictedBlobs) {
            cache.logger.info(`blob cache: evicted ${r.evictedBlobs} least recently used blob(s) (${r.evictedBytes} bytes) to stay under ${cache.maxBytes} bytes`);
        }
    }
    catch (e) {
        cache.logger.warning(`blob cache: eviction failed (${e.message})`);
    }
    await cache.store.close();
}


/***/ }),

/***/ 8703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   includeFilter: () => (/* binding */ includeFilter),
/* harmony export */   pull: () => (/* binding */ pull)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _cache_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6664);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8422);
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2111);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1666);
/* harmony import */ var _targets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8679);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6498);
/**
 * pull: the manifest a reference names → verified files in `output`. Only the layers that `include`
 * selects are fetched; nothing is written under its final name before its digest is verified.
 */








const TITLE = 'org.opencontainers.image.title';
/** Builds the layer filter of `include`: globs on titles; a layer without a title never matches. */
function includeFilter(patterns) {
    if (patterns.length === 0)
        return undefined;
    const match = picomatch__WEBPACK_IMPORTED_MODULE_6___default()(patterns, { dot: true });
    return layer => {
        const title = layer.annotations?.[TITLE];
        return title !== undefined && (match(title) || match(title.replace(/\/+$/, '')));
    };
}
/** Runs a pull and reports what was written. */
async function pull(req, ctx) {
    const src = await (0,_targets_js__WEBPACK_IMPORTED_MODULE_4__/* .openTarget */ .A)(req.source, req, ctx, false);
    const root = await (0,_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveSource */ .e)(src);
    const rootContent = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .fetchManifest */ .Cj)(src.target, root);
    const { parsed } = rootContent;
    if (parsed.kind === 'index') {
        const list = parsed.manifest.manifests
            .slice(0, 5)
            .map(m => `${m.platform ? `${m.platform.os}/${m.platform.architecture} ` : ''}${m.digest}`)
            .join(', ');
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('reference', `${src.base} resolves to an index of ${parsed.manifest.manifests.length} manifests (${list}): pull one of them by digest`);
    }
    const filter = includeFilter(req.include);
    const layers = parsed.manifest.layers;
    if (filter && !layers.some(filter)) {
        const titles = layers.map(l => l.annotations?.[TITLE]).filter(Boolean);
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('include', `no file of ${src.base} matches ${req.include.join(', ')} (files: ${titles.join(', ') || 'none with a title'})`);
    }
    // Every title is checked before the first byte is fetched: a hostile one later in the list must not
    // leave earlier files written.
    const titles = new Set();
    for (const layer of filter ? layers.filter(filter) : layers) {
        const title = layer.annotations?.[TITLE];
        if (title === undefined)
            continue;
        const safe = (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .safeTitle */ .CL)(title);
        if (titles.has(safe))
            throw new _oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .InvalidInputError */ .oC(`the artifact has two files titled "${safe}"`);
        titles.add(safe);
    }
    const wanted = filter ? layers.filter(filter) : layers;
    if (!req.dryRun) {
        // Temporaries a killed earlier pull left where this one writes (SIGKILL cannot be caught).
        const folders = [req.output, ...[...titles].map(t => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(req.output, t)))];
        const swept = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .sweepStaleTemps */ .RX)(folders);
        if (swept.length)
            ctx.logger.info(`Removed ${swept.length} temporary file(s) left by an interrupted pull`);
    }
    const common = {
        verb: req.dryRun ? 'Would pull' : 'Pulled',
        digest: root.digest,
        reference: (0,_targets_js__WEBPACK_IMPORTED_MODULE_4__/* .canonical */ .$)(src, root.digest),
        mediaType: root.mediaType,
        artifactType: parsed.manifest.artifactType,
        manifest: rootContent.bytes.toString('utf8'),
        size: root.size + parsed.manifest.config.size + wanted.reduce((n, l) => n + l.size, 0),
        dryRun: req.dryRun
    };
    const cache = req.cache && !req.dryRun
        ? await (0,_cache_index_js__WEBPACK_IMPORTED_MODULE_1__/* .openBlobCache */ .is)({ maxBytes: req.cacheMaxSize, logger: ctx.logger })
        : undefined;
    // With the cache, files are placed from the store (reflink or copy) and the output's digests are
    // remembered, so an unchanged file is found up to date by stat() alone.
    const output = new _oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .OutputFolder */ .wF(req.output, {
        logger: ctx.logger,
        memo: cache?.store.memo,
        localBlob: cache ? d => cache.store.blobPath(d.digest) : undefined
    });
    // Through the store only from a registry: a local layout is a blob store of its own.
    if (cache && req.source.kind === 'registry') {
        const { registry, repository } = req.source.ref;
        const keys = (0,_cache_index_js__WEBPACK_IMPORTED_MODULE_1__/* .cacheKeys */ .Xr)(registry, repository, root.digest, req.include);
        const config = parsed.manifest.config;
        const pulled = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .pullThrough */ .Zh)(src.target, cache.store, output, root, layers, {
            concurrency: req.concurrency,
            ranges: { connections: req.connections },
            filter,
            rootContent,
            beforeFetch: async () => {
                await (0,_cache_index_js__WEBPACK_IMPORTED_MODULE_1__/* .restoreBetweenRuns */ .$V)(cache, keys, [root, config, ...wanted]);
            }
        });
        if ([...pulled.sources.values()].includes('registry')) {
            await (0,_cache_index_js__WEBPACK_IMPORTED_MODULE_1__/* .saveBetweenRuns */ .cs)(cache, keys, pulled.used);
        }
        await (0,_cache_index_js__WEBPACK_IMPORTED_MODULE_1__/* .closeBlobCache */ .UE)(cache, pulled.used);
        return {
            ...common,
            ...fromSources(pulled.sources, layers, true),
            files: output.writtenPaths()
        };
    }
    const result = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .copy */ .C)(src.target, output, root, {
        rootContent,
        concurrency: req.concurrency,
        ranges: { connections: req.connections },
        filter,
        dryRun: req.dryRun
    });
    if (cache)
        await (0,_cache_index_js__WEBPACK_IMPORTED_MODULE_1__/* .closeBlobCache */ .UE)(cache);
    const sources = new Map();
    const layerDigests = new Set(layers.map(l => l.digest));
    for (const e of result.events) {
        if (e.manifest || e.action === 'filtered' || !layerDigests.has(e.descriptor.digest))
            continue;
        sources.set(e.descriptor.digest, e.action === 'transferred' ? 'registry' : 'output');
    }
    return {
        ...common,
        ...fromSources(sources, layers, Boolean(cache)),
        files: req.dryRun ? [] : output.writtenPaths(),
        // A dry run's rows say what would happen.
        ...(req.dryRun
            ? {
                rows: (0,_result_js__WEBPACK_IMPORTED_MODULE_7__/* .rowsFromEvents */ .h)(layers, result.events, {
                    transferred: 'would download',
                    skipped: 'up to date',
                    mounted: 'mounted',
                    filtered: 'not included'
                })
            }
            : {})
    };
}
const ACTION_NAMES = {
    registry: 'downloaded',
    cache: 'from cache',
    output: 'up to date'
};
/** The cache report, `cache-hit` and the file rows of a pull, from where each layer came. */
function fromSources(sources, layers, enabled) {
    const bytes = { registry: 0, cache: 0, output: 0 };
    const counted = new Set();
    const rows = layers.map(l => {
        const from = sources.get(l.digest);
        if (from && !counted.has(l.digest))
            bytes[from] += l.size;
        counted.add(l.digest);
        return {
            name: l.annotations?.[TITLE] ?? l.digest,
            size: l.size,
            mediaType: l.mediaType,
            digest: l.digest,
            action: from ? ACTION_NAMES[from] : 'not included'
        };
    });
    const froms = new Set(sources.values());
    return {
        rows,
        cache: {
            enabled,
            fromRegistry: bytes.registry,
            fromCache: bytes.cache,
            upToDate: bytes.output
        },
        cacheHit: !froms.has('registry')
            ? 'true'
            : froms.has('cache') || froms.has('output')
                ? 'partial'
                : 'false',
        transferredBytes: bytes.registry,
        skippedBytes: bytes.cache + bytes.output
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
