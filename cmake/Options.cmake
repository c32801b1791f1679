# One INTERFACE target carries the language level, warnings and defines; every library,
# executable and test links it. No global flags.
add_library(lathe_options INTERFACE)
target_compile_features(lathe_options INTERFACE cxx_std_20)
target_compile_options(lathe_options INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter -Wno-deprecated-declarations>
  # Debian's libtorch loads Qt 5 (through OpenCV's highgui) into every process. Without this,
  # an unoptimized build exports its out-of-line copies of Qt 6 inline functions (such as
  # QByteArray::append(const char*)); Qt 5's static initializers bind to them and crash.
  $<$<COMPILE_LANGUAGE:CXX>:-fvisibility-inlines-hidden>)
# Qt's slots/signals/emit macros clash with LibTorch headers.
target_compile_definitions(lathe_options INTERFACE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII
  LATHE_VERSION="${PROJECT_VERSION}")

# The sanitizer presets set LATHE_SANITIZE: "address" (ASan + UBSan, the asan preset; ON means
# the same) or "thread" (TSan, the tsan preset). Empty builds without a sanitizer.
set(LATHE_SANITIZE "" CACHE STRING "Sanitizer to build with: address (ASan + UBSan), thread (TSan) or empty")
set_property(CACHE LATHE_SANITIZE PROPERTY STRINGS "" address thread)
if(LATHE_SANITIZE STREQUAL "thread")
  target_compile_options(lathe_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(lathe_options INTERFACE -fsanitize=thread)
elseif(LATHE_SANITIZE)
  if(NOT LATHE_SANITIZE MATCHES "^(address|ON|On|on|1|TRUE|true|YES|yes)$")
    message(FATAL_ERROR "LATHE_SANITIZE is '${LATHE_SANITIZE}': use address, thread or leave it empty")
  endif()
  target_compile_options(lathe_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(lathe_options INTERFACE -fsanitize=address,undefined)
endif()
