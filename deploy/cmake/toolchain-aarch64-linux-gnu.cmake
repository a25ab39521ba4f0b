# Cross-compiling bucketwatch for arm64 (AWS Graviton) on Debian 12 amd64,
# with Debian's cross compiler and the :arm64 libraries installed by
# `BW_SETUP_CROSS=1 scripts/setup` (docs/sources.md, "Cross-compiling for arm64"). Used by deploy/package.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)

# Libraries and config packages of the target only; programs of the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")

# libsimdjson-dev is not Multi-Arch: installing its :arm64 copy would remove
# the amd64 one. Setup installs only the arm64 runtime (libsimdjson14:arm64);
# this config package pairs it with the (architecture-independent) header of
# the amd64 -dev package.
set(simdjson_DIR "${CMAKE_CURRENT_LIST_DIR}/simdjson-aarch64" CACHE PATH "simdjson for aarch64 (deploy/cmake)")
