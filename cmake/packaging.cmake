# Installing and packaging (README "Installing"; docs/deploy.md). `cmake --install build` puts the
# binary in PREFIX/bin and what it reads at run time in PREFIX/share/localoffer, where the binary
# finds it by itself (src/app/share_dir.cpp); `make package` builds a Debian package with CPack:
# the same files under /usr, /etc/localoffer/localoffer.conf (a conffile), the systemd unit and
# the system user "localoffer" (packaging/).
include(GNUInstallDirs)
# `make package` and the package test install what is already built; `make build` builds it.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(LOCALOFFER_INSTALL_SHARE "${CMAKE_INSTALL_DATADIR}/localoffer")
# The package always installs under /usr, whatever CMAKE_INSTALL_PREFIX a build folder has.
set(LOCALOFFER_PACKAGE_PREFIX /usr)

install(TARGETS localoffer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY templates demo DESTINATION ${LOCALOFFER_INSTALL_SHARE}
        PATTERN "*.py" EXCLUDE)
install(DIRECTORY db/migrations db/seeds DESTINATION ${LOCALOFFER_INSTALL_SHARE}/db)
# The built stylesheet (scripts/build-assets.sh writes static/dist before packaging); the Sass
# sources stay behind. OPTIONAL: a build without Node.js still installs, and says so at start-up.
install(DIRECTORY static/dist DESTINATION ${LOCALOFFER_INSTALL_SHARE}/static OPTIONAL)
install(FILES README.md docs/configuration.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# System files: absolute paths, as Debian expects them whatever the prefix. The unit names the
# binary where this install puts it: PREFIX is known only when installing (`cmake --install build
# --prefix /opt/localoffer`; CPack installs with /usr), so the unit is written then.
install(CODE "
  set(LOCALOFFER_INSTALL_BINARY \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/localoffer\")
  configure_file(\"${CMAKE_SOURCE_DIR}/packaging/localoffer.service.in\"
                 \"${CMAKE_BINARY_DIR}/packaging/localoffer.service\" @ONLY)
  file(INSTALL DESTINATION /lib/systemd/system TYPE FILE
       FILES \"${CMAKE_BINARY_DIR}/packaging/localoffer.service\")
")
install(FILES packaging/localoffer.conf DESTINATION /etc/localoffer)
install(FILES packaging/sysusers.conf DESTINATION /usr/lib/sysusers.d RENAME localoffer.conf)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME localoffer)
set(CPACK_PACKAGE_VENDOR "localoffer")
set(CPACK_PACKAGE_CONTACT "localoffer maintainers <localoffer@example.org.uk>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SEND Local Offer directory: public site, admin, APIs and CLI")
set(CPACK_PACKAGE_DESCRIPTION
    "localoffer publishes a council's SEND Local Offer, the directory of support for disabled\n"
    "children and young people aged 0 to 25, as one program with its own SQLite database.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${LOCALOFFER_PACKAGE_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
# Shared libraries are found by dpkg-shlibdeps; the rest are what the program opens by name.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "hunspell-en-gb, systemd, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/conffiles ${CMAKE_SOURCE_DIR}/packaging/postinst
    ${CMAKE_SOURCE_DIR}/packaging/prerm ${CMAKE_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
