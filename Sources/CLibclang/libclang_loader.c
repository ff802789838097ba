#include "libclang_api.h"

#include <dlfcn.h>
#include <stddef.h>

const char *deep_libclang_load(const char *path, struct deep_libclang *api) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return dlerror();
#define LOAD(name)                                                   \
    do {                                                             \
        *(void **)&api->name = dlsym(library, "clang_" #name);       \
        if (api->name == NULL) return "a libclang function is missing: clang_" #name; \
    } while (0)
    LOAD(getCString); LOAD(disposeString);
    LOAD(createIndex); LOAD(disposeIndex); LOAD(parseTranslationUnit2); LOAD(disposeTranslationUnit);
    LOAD(getNumDiagnostics); LOAD(getDiagnostic); LOAD(getDiagnosticSeverity); LOAD(formatDiagnostic);
    LOAD(disposeDiagnostic); LOAD(getTranslationUnitCursor); LOAD(visitChildren); LOAD(getCursorKind);
    LOAD(getCursorSpelling); LOAD(getCursorExtent);
    LOAD(isCursorDefinition); LOAD(getCursorType); LOAD(getRangeStart); LOAD(getRangeEnd);
    LOAD(getExpansionLocation);
    LOAD(getCanonicalType); LOAD(getResultType); LOAD(getTypeSpelling); LOAD(Type_getSizeOf);
    LOAD(getArrayElementType); LOAD(getArraySize); LOAD(getTypeDeclaration);
    LOAD(isVolatileQualifiedType); LOAD(getEnumDeclIntegerType); LOAD(getEnumConstantDeclValue);
    LOAD(Type_visitFields); LOAD(Cursor_getOffsetOfField); LOAD(Cursor_isBitField); LOAD(getFieldDeclBitWidth);
    LOAD(getCursorLinkage); LOAD(Cursor_getStorageClass); LOAD(tokenize); LOAD(disposeTokens);
    LOAD(getTokenSpelling); LOAD(getTokenKind); LOAD(getTokenExtent); LOAD(getFile); LOAD(getLocationForOffset);
    LOAD(getRange); LOAD(getTranslationUnitTargetInfo); LOAD(TargetInfo_getPointerWidth); LOAD(TargetInfo_dispose);
#undef LOAD
    return NULL;
}
