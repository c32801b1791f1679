# Every dependency comes from Debian 12. When one is missing, configuration stops with
# one line naming the package to install (or: run scripts/install-deps.sh).

function(lathe_missing what package)
  message(FATAL_ERROR "Lathe: ${what} not found. Install it with: apt-get install ${package}  (or run scripts/install-deps.sh)")
endfunction()

macro(lathe_find_config name package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    lathe_missing("${name}" "${package}")
  endif()
endmacro()

# Torch's config script probes for CUDA and other optional pieces and prints a lot; keep quiet.
lathe_find_config(Torch libtorch-dev)
lathe_find_config(fmt libfmt-dev)
lathe_find_config(nlohmann_json nlohmann-json3-dev)
lathe_find_config(CLI11 libcli11-dev)
lathe_find_config(SQLite3 libsqlite3-dev)

find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
  lathe_missing("pkg-config" "pkg-config")
endif()
pkg_check_modules(SENTENCEPIECE QUIET IMPORTED_TARGET sentencepiece)
if(NOT SENTENCEPIECE_FOUND)
  lathe_missing("SentencePiece" "libsentencepiece-dev")
endif()
pkg_check_modules(XXHASH QUIET IMPORTED_TARGET libxxhash)
if(NOT XXHASH_FOUND)
  lathe_missing("xxHash" "libxxhash-dev")
endif()
# Checkpoints are zip archives: minizip checks each entry against its CRC-32 before LibTorch
# reads it (core/train/ArchiveCheck.h).
pkg_check_modules(MINIZIP QUIET IMPORTED_TARGET minizip)
# zlib's CRC-32 also places a study's trials in Hyperband brackets as Optuna does (libminizip-dev
# brings zlib1g-dev).
find_package(ZLIB REQUIRED)
if(NOT MINIZIP_FOUND)
  lathe_missing("minizip" "libminizip-dev")
endif()

# A library with no CMake or pkg-config file: its header and shared object, as an INTERFACE target.
function(lathe_plain_library target header library what package)
  find_path(${target}_INCLUDE_DIR ${header})
  find_library(${target}_LIBRARY ${library})
  if(NOT ${target}_INCLUDE_DIR OR NOT ${target}_LIBRARY)
    lathe_missing("${what}" "${package}")
  endif()
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE ${${target}_INCLUDE_DIR})
  target_link_libraries(${target} INTERFACE ${${target}_LIBRARY})
endfunction()

lathe_plain_library(lathe_libcsv csv.h csv "libcsv" libcsv-dev)

# OpenBLAS is a runtime matter for torch's matmul (~30x over the reference BLAS), and which
# OpenBLAS matters too: Debian's default build (openblas-pthread) keeps its own thread pool
# beside LibTorch's OpenMP one, and on 2 cores the two pools fight (2 threads train at 0.75x
# of 1). The OpenMP build runs its threads in LibTorch's libgomp pool. Lathe's executables load
# it by name from its directory (RUNPATH), ahead of libtorch_cpu, so the shared objects LibTorch
# asks for (libblas.so.3, liblapack.so.3, libopenblas.so.0) are these; the system's BLAS
# alternative is left as it is.
set(LATHE_OPENBLAS_OPENMP_DIR /usr/lib/x86_64-linux-gnu/openblas-openmp)
set(LATHE_OPENMP_BLAS_LIBRARIES)
foreach(lib libopenblas.so.0 libblas.so.3 liblapack.so.3)
  find_file(LATHE_OPENMP_${lib} NAMES ${lib} PATHS ${LATHE_OPENBLAS_OPENMP_DIR} NO_DEFAULT_PATH)
  if(NOT LATHE_OPENMP_${lib})
    lathe_missing("OpenBLAS built on OpenMP (${LATHE_OPENBLAS_OPENMP_DIR}/${lib})" "libopenblas0-openmp")
  endif()
  list(APPEND LATHE_OPENMP_BLAS_LIBRARIES ${LATHE_OPENMP_${lib}})
endforeach()
add_library(lathe_openmp_blas INTERFACE)
# Kept as NEEDED entries although nothing calls them directly (LibTorch does).
target_link_options(lathe_openmp_blas INTERFACE "LINKER:--no-as-needed")
target_link_libraries(lathe_openmp_blas INTERFACE ${LATHE_OPENMP_BLAS_LIBRARIES})
# Defaults of every target's BUILD_RPATH/INSTALL_RPATH (not compile flags): where the loader
# finds those names first, in the build tree and once installed.
set(CMAKE_BUILD_RPATH ${LATHE_OPENBLAS_OPENMP_DIR})
set(CMAKE_INSTALL_RPATH ${LATHE_OPENBLAS_OPENMP_DIR})

# oneDNN: LibTorch already loads it (its mkldnn backend); the engine's linear layers and
# attention products call its sgemm directly, which on this project's shapes (K or N = 128)
# runs 1.2-1.5x faster than OpenBLAS on one thread and scales on two (docs/benchmarks.md).
lathe_plain_library(lathe_dnnl dnnl.h dnnl "oneDNN (dnnl.h, libdnnl.so)" libdnnl-dev)

if(LATHE_BUILD_GUI OR LATHE_BUILD_TESTS)
  find_package(Qt6 QUIET COMPONENTS Core Gui Widgets Charts Svg Test LinguistTools)
  foreach(comp Core Gui Widgets Test)
    if(NOT Qt6${comp}_FOUND)
      lathe_missing("Qt6 ${comp}" "qt6-base-dev")
    endif()
  endforeach()
  if(NOT Qt6Charts_FOUND)
    lathe_missing("Qt6 Charts (needs its OpenGL and xkbcommon dependencies)" "qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev")
  endif()
  if(NOT Qt6Svg_FOUND)
    lathe_missing("Qt6 Svg (chart export as SVG)" "qt6-svg-dev")
  endif()
  if(NOT Qt6LinguistTools_FOUND)
    lathe_missing("Qt6 Linguist tools" "qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools")
  endif()
  qt_standard_project_setup()
endif()
