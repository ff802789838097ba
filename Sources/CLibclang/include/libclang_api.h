/*
 * libclang_api.h: the part of libclang's C API (clang-c/Index.h) that deep-instrument uses,
 * declared here and loaded at run time with dlopen.
 *
 * Declaring the few types and functions ourselves keeps libclang optional: the package
 * builds without clang-c headers (which Debian keeps off the default include path) and
 * without unsafe flags, and Swift-only users never load it. The clang-c API is a stable C
 * ABI, so these declarations fit libclang 14 (Debian bookworm) and 21 (the Swift toolchain).
 */
#ifndef DEEP_LIBCLANG_API_H
#define DEEP_LIBCLANG_API_H

typedef void *CXIndex;
typedef struct CXTranslationUnitImpl *CXTranslationUnit;
typedef void *CXFile;
typedef void *CXDiagnostic;
typedef void *CXClientData;
typedef void *CXTargetInfo;

typedef struct { const void *data; unsigned private_flags; } CXString;
typedef struct { const void *ptr_data[2]; unsigned int_data; } CXSourceLocation;
typedef struct { const void *ptr_data[2]; unsigned begin_int_data; unsigned end_int_data; } CXSourceRange;
typedef struct { int kind; int xdata; const void *data[3]; } CXCursor;
typedef struct { int kind; void *data[2]; } CXType;
typedef struct { unsigned int_data[4]; void *ptr_data; } CXToken;

/* Values of the enums used (clang-c/Index.h). */
enum {
    DEEP_CX_CHILD_BREAK = 0, DEEP_CX_CHILD_CONTINUE = 1,
    DEEP_CX_DIAGNOSTIC_ERROR = 3,
    DEEP_CX_TOKEN_PUNCTUATION = 0, DEEP_CX_TOKEN_COMMENT = 4,
    DEEP_CX_PARSE_DETAILED_PREPROCESSING_RECORD = 0x01,
    DEEP_CX_CURSOR_MACRO_EXPANSION = 502,
    DEEP_CX_LINKAGE_INTERNAL = 2,
    DEEP_CX_STORAGE_EXTERN = 2, DEEP_CX_STORAGE_STATIC = 3, DEEP_CX_STORAGE_REGISTER = 7,
};

typedef int (*CXCursorVisitor)(CXCursor cursor, CXCursor parent, CXClientData data);
typedef int (*CXFieldVisitor)(CXCursor field, CXClientData data);

/* The functions, filled in by deep_libclang_load. Names follow clang-c without `clang_`. */
struct deep_libclang {
    const char *(*getCString)(CXString);
    void (*disposeString)(CXString);
    CXIndex (*createIndex)(int excludeDeclarationsFromPCH, int displayDiagnostics);
    void (*disposeIndex)(CXIndex);
    int (*parseTranslationUnit2)(CXIndex, const char *path, const char *const *args, int argCount,
                                 void *unsaved, unsigned unsavedCount, unsigned options, CXTranslationUnit *out);
    void (*disposeTranslationUnit)(CXTranslationUnit);
    unsigned (*getNumDiagnostics)(CXTranslationUnit);
    CXDiagnostic (*getDiagnostic)(CXTranslationUnit, unsigned);
    int (*getDiagnosticSeverity)(CXDiagnostic);
    CXString (*formatDiagnostic)(CXDiagnostic, unsigned options);
    void (*disposeDiagnostic)(CXDiagnostic);
    CXCursor (*getTranslationUnitCursor)(CXTranslationUnit);
    unsigned (*visitChildren)(CXCursor, CXCursorVisitor, CXClientData);
    int (*getCursorKind)(CXCursor);
    CXString (*getCursorSpelling)(CXCursor);
    CXSourceRange (*getCursorExtent)(CXCursor);
    unsigned (*isCursorDefinition)(CXCursor);
    CXType (*getCursorType)(CXCursor);
    CXSourceLocation (*getRangeStart)(CXSourceRange);
    CXSourceLocation (*getRangeEnd)(CXSourceRange);
    void (*getExpansionLocation)(CXSourceLocation, CXFile *, unsigned *line, unsigned *column, unsigned *offset);
    CXType (*getCanonicalType)(CXType);
    CXType (*getResultType)(CXType);
    CXString (*getTypeSpelling)(CXType);
    long long (*Type_getSizeOf)(CXType);
    CXType (*getArrayElementType)(CXType);
    long long (*getArraySize)(CXType);
    CXCursor (*getTypeDeclaration)(CXType);
    unsigned (*isVolatileQualifiedType)(CXType);
    CXType (*getEnumDeclIntegerType)(CXCursor);
    long long (*getEnumConstantDeclValue)(CXCursor);
    unsigned (*Type_visitFields)(CXType, CXFieldVisitor, CXClientData);
    long long (*Cursor_getOffsetOfField)(CXCursor);
    unsigned (*Cursor_isBitField)(CXCursor);
    int (*getFieldDeclBitWidth)(CXCursor);
    int (*getCursorLinkage)(CXCursor);
    int (*Cursor_getStorageClass)(CXCursor);
    void (*tokenize)(CXTranslationUnit, CXSourceRange, CXToken **tokens, unsigned *count);
    void (*disposeTokens)(CXTranslationUnit, CXToken *, unsigned);
    CXString (*getTokenSpelling)(CXTranslationUnit, CXToken);
    int (*getTokenKind)(CXToken);
    CXSourceRange (*getTokenExtent)(CXTranslationUnit, CXToken);
    CXFile (*getFile)(CXTranslationUnit, const char *path);
    CXSourceLocation (*getLocationForOffset)(CXTranslationUnit, CXFile, unsigned offset);
    CXSourceRange (*getRange)(CXSourceLocation, CXSourceLocation);
    CXTargetInfo (*getTranslationUnitTargetInfo)(CXTranslationUnit);
    int (*TargetInfo_getPointerWidth)(CXTargetInfo);
    void (*TargetInfo_dispose)(CXTargetInfo);
};

/* Opens the libclang at `path` and fills `api`. Returns NULL, or why it failed (a static
 * string or dlerror's text, valid until the next call). */
const char *deep_libclang_load(const char *path, struct deep_libclang *api);

#endif /* DEEP_LIBCLANG_API_H */
