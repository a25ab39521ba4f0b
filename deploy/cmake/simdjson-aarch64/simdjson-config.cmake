# simdjson::simdjson for a cross build to aarch64: Debian's arm64 shared
# library with the amd64 -dev package's header (see toolchain-aarch64-linux-gnu.cmake).
set(_bw_simdjson_lib /usr/lib/aarch64-linux-gnu/libsimdjson.so.14)
if(NOT EXISTS "${_bw_simdjson_lib}" OR NOT EXISTS /usr/include/simdjson.h)
  set(simdjson_FOUND FALSE)
  set(simdjson_NOT_FOUND_MESSAGE
      "needs ${_bw_simdjson_lib} (libsimdjson14:arm64) and /usr/include/simdjson.h (libsimdjson-dev): BW_SETUP_CROSS=1 scripts/setup")
  return()
endif()
if(NOT TARGET simdjson::simdjson)
  add_library(simdjson::simdjson SHARED IMPORTED)
  set_target_properties(simdjson::simdjson PROPERTIES
    IMPORTED_LOCATION "${_bw_simdjson_lib}"
    IMPORTED_SONAME libsimdjson.so.14
    INTERFACE_INCLUDE_DIRECTORIES /usr/include
    INTERFACE_COMPILE_DEFINITIONS SIMDJSON_THREADS_ENABLED=1
    INTERFACE_COMPILE_FEATURES cxx_std_11)
endif()
set(simdjson_FOUND TRUE)
