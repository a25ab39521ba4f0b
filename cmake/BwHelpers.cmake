# Declarative helpers in the manner of absl_cc_library / add_fmt_test: every
# target says its sources and dependencies, and picks up the project's
# warning and sanitizer flags without touching global CMAKE_CXX_FLAGS.

set(BW_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
                -Wno-missing-field-initializers)  # designated initializers leave the rest at their defaults
# GCC 12 at -O3 (the release preset) reports a false -Wrestrict inside
# std::string's operator+ (GCC bug 105329), which -Werror turns into a failed build.
# Only in Release, so that clang-tidy (which reads the default build's
# compile commands) does not meet an option clang does not know.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND BW_WARNINGS $<$<CONFIG:Release>:-Wno-restrict>)
endif()

function(bw_apply_flags target)
  target_compile_options(${target} PRIVATE ${BW_WARNINGS})
  if(BW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(BW_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
                           -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(BW_FUZZ)
    # Coverage for libFuzzer and the sanitizers in every library, so a fuzz
    # target is guided by the parser it calls; fuzz/ links libFuzzer itself.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  endif()
endfunction()

# bw_library(NAME name SRCS ... DEPS ... [PRIVATE_DEPS ...])
function(bw_library)
  cmake_parse_arguments(BW "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(bw_${BW_NAME} STATIC ${BW_SRCS})
  add_library(bw::${BW_NAME} ALIAS bw_${BW_NAME})
  target_include_directories(bw_${BW_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(bw_${BW_NAME} PUBLIC ${BW_DEPS} PRIVATE ${BW_PRIVATE_DEPS})
  bw_apply_flags(bw_${BW_NAME})
endfunction()

# bw_test(NAME name SRCS ... DEPS ... [LABELS ...] [PROPERTIES name value ...])
# One executable per feature area; every TEST() becomes a CTest test.
# PROPERTIES are added to every one of them (e.g. FIXTURES_REQUIRED).
function(bw_test)
  cmake_parse_arguments(BW "" "NAME" "SRCS;DEPS;LABELS;PROPERTIES" ${ARGN})
  add_executable(${BW_NAME} ${BW_SRCS})
  target_link_libraries(${BW_NAME} PRIVATE ${BW_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${BW_NAME} PRIVATE
    BW_TESTDATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    BW_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    BW_BINARY_DIR="${PROJECT_BINARY_DIR}")
  bw_apply_flags(${BW_NAME})
  if(NOT BW_LABELS)
    set(BW_LABELS unit)
  endif()
  gtest_discover_tests(${BW_NAME} PROPERTIES LABELS "${BW_LABELS}" ${BW_PROPERTIES} DISCOVERY_TIMEOUT 60)
endfunction()
