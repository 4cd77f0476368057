"""LibreOffice driven through UNO (python3-uno): one headless soffice, documents loaded and stored by filter name.

UNO rather than `soffice --convert-to` because password-protected saves need the EncryptionData
media descriptor, which the command line cannot pass.
"""
import subprocess
import time

import uno
from com.sun.star.beans import NamedValue, PropertyValue

from corpus import BUILD

PIPE = "statementCorpus"


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _named(name, value):
    prop = NamedValue()
    prop.Name, prop.Value = name, value
    return prop


class LibreOffice:
    def __enter__(self):
        profile = BUILD / "lo-profile"
        self.process = subprocess.Popen(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nologo", f"--accept=pipe,name={PIPE};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                context = resolver.resolve(f"uno:pipe,name={PIPE};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if self.process.poll() is not None:
                    raise RuntimeError("soffice exited before accepting connections")
                time.sleep(0.5)
        else:
            raise RuntimeError("soffice did not accept connections")
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        return self

    def __exit__(self, *exc):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def open(self, path, filter_name=None):
        props = [_property("Hidden", True)]
        if filter_name:
            props.append(_property("FilterName", filter_name))
        return self.desktop.loadComponentFromURL(f"file://{path.resolve()}", "_blank", 0, tuple(props))

    def save(self, document, path, filter_name, options=None, password=None):
        """Stores `document` with LibreOffice's export filter `filter_name` (its UI name, e.g. "Calc MS Excel 2007 XML")."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        props = [_property("FilterName", filter_name), _property("Overwrite", True)]
        if options is not None:
            props.append(_property("FilterOptions", options))
        if password and "Excel 2007" in filter_name:
            # OOXML encryption reads EncryptionData; "Standard" is ECMA-376 standard encryption (AES-128).
            data = uno.Any("[]com.sun.star.beans.NamedValue", (_named("OOXPassword", password), _named("CryptoType", "Standard")))
            props.append(_property("EncryptionData", data))
        elif password:
            props.append(_property("Password", password))
        uno.invoke(document, "storeToURL", (f"file://{path.resolve()}", uno.Any("[]com.sun.star.beans.PropertyValue", tuple(props))))
        return path

    def convert(self, source, targets, source_filter=None):
        """targets: [(path, filter_name, options_or_None, password_or_None)]."""
        document = self.open(source, source_filter)
        try:
            for path, filter_name, options, password in targets:
                self.save(document, path, filter_name, options, password)
        finally:
            document.close(True)
