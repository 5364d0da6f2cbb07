export const id = 657;
export const ids = [657];
export const modules = {

/***/ 2038:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listTags: () => (/* binding */ listTags)
/* harmony export */ });
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8422);
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2111);
/* harmony import */ var _targets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8679);
/** tags: list the tags of a repository or layout (all pages), for rollback jobs. */



/** Runs tags. */
async function listTags(req, ctx) {
    const src = await (0,_targets_js__WEBPACK_IMPORTED_MODULE_2__/* .openTarget */ .A)(req.source, req, ctx, false);
    if (!(0,_oci_index_js__WEBPACK_IMPORTED_MODULE_1__/* .canListTags */ .sd)(src.target)) {
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('reference', `${src.base} cannot list its tags`);
    }
    const tags = await src.target.tags();
    ctx.logger.info(`${tags.length} tag(s) in ${src.base}`);
    return { verb: `${tags.length} tag(s) in`, subject: src.base, tags, rows: [] };
}


/***/ })

};
