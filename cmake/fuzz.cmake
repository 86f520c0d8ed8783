# fuzz.cmake — -DXF_FUZZ=ON: libFuzzer targets for the front end (fuzz/).
#
# Needs clang (Debian: clang-19 and, for the fuzzer runtime, libclang-rt-19-dev;
# `XF_FUZZ=1 scripts/setup` installs both).  Every target of the build is then
# compiled with coverage instrumentation and ASan + UBSan, so the fuzzers see
# the library's branches; only fuzz/fuzz_*.c link the libFuzzer runtime.
# Included from the top CMakeLists.txt before any target is defined.
option(XF_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)
set(XF_FUZZ_TARGETS OFF)
if(XF_FUZZ)
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(XF_FUZZ_TARGETS ON)
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
  else()
    message(WARNING "XF_FUZZ needs clang (e.g. -DCMAKE_C_COMPILER=clang-19); "
                    "only the regression replay is built")
  endif()
endif()
