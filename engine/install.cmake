# install.cmake -- what `cmake --install` puts in place: libvmemcache.so.0,
# the headers (libvmemcache.h, libvmemcache_ext.h, vmemcache.hpp), the man
# page libvmemcache(3), the license, libvmemcache.pc and a CMake package
# (vmemcache::vmemcache).  Both the .pc file and the CMake package locate
# the prefix from their own installed place, so `cmake --install --prefix P`
# works for any P, not only the configure-time CMAKE_INSTALL_PREFIX.
include(CMakePackageConfigHelpers)

# vmemcache.hpp is C++20 (std::span): a consumer on its compiler's default
# standard gets -std=c++20 (or newer) from the target.
target_compile_features(vmemcache INTERFACE cxx_std_20)

install(TARGETS vmemcache EXPORT vmemcacheTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES include/libvmemcache.h include/libvmemcache_ext.h include/vmemcache.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

# pkg-config: ${pcfiledir} is where pkg-config found the file; the prefix is
# the fixed number of directories above it.  An absolute LIBDIR/INCLUDEDIR
# (given on the command line) cannot move with the prefix and stays as given.
function(vmc_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    set(${var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(VMC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" _up "${_up}")
  set(VMC_PC_PREFIX "\${pcfiledir}/${_up}")
endif()
vmc_pc_dir(VMC_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
vmc_pc_dir(VMC_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
configure_file(libvmemcache.pc.in ${CMAKE_CURRENT_BINARY_DIR}/libvmemcache.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/libvmemcache.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# CMake package: the generated vmemcacheTargets.cmake computes its prefix
# from its own location (relocatable by construction).
set(VMC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/vmemcache)
install(EXPORT vmemcacheTargets NAMESPACE vmemcache:: DESTINATION ${VMC_CMAKE_DIR})
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfig.cmake
  "include(\${CMAKE_CURRENT_LIST_DIR}/vmemcacheTargets.cmake)\n")
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfigVersion.cmake DESTINATION ${VMC_CMAKE_DIR})

# The man page libvmemcache(3), generated from its one source,
# docs/libvmemcache.3.md (which is also the contract the docs refer to).
option(VMC_BUILD_MAN "Generate and install the man page libvmemcache(3) (needs go-md2man)" ON)
if(VMC_BUILD_MAN)
  find_program(GO_MD2MAN go-md2man)
  if(NOT GO_MD2MAN)
    message(FATAL_ERROR "go-md2man not found: it generates the man page libvmemcache(3). "
      "Install it (scripts/deps.sh, or apt-get install go-md2man), "
      "or configure with -DVMC_BUILD_MAN=OFF to build without the man page.")
  endif()
  set(VMC_MAN3 ${CMAKE_CURRENT_BINARY_DIR}/libvmemcache.3)
  set(_man_src ${PROJECT_SOURCE_DIR}/docs/libvmemcache.3.md)
  add_custom_command(OUTPUT ${VMC_MAN3}
    COMMAND ${GO_MD2MAN} -in ${_man_src} -out ${VMC_MAN3}
    DEPENDS ${_man_src}
    COMMENT "Generating the man page libvmemcache(3)")
  add_custom_target(vmemcache_man ALL DEPENDS ${VMC_MAN3})
  install(FILES ${VMC_MAN3} DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)
endif()
