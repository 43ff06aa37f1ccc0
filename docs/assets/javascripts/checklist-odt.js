/* An OpenDocument text (.odt), written in the browser: the editable copy of
   the apply-or-explain statement (checklist-statement.js).

   Why written here rather than with a library: Word opens .odt files but not
   flat .fodt ones, so the document must be a zip; an .odt needs only four
   small XML files, stored uncompressed (the format asks for its first entry,
   "mimetype", to be stored so), which takes a CRC-32 and two headers per file
   and no build step or third-party code. The reader's words go in as escaped
   XML text only. window.copOdt.statementDocument(data) gives the file's
   bytes; window.copOdt.download(bytes, name) saves it. */
(function () {
  "use strict";

  function lower(s) { return s ? s.charAt(0).toLowerCase() + s.slice(1) : ""; }

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
    return (crc ^ 0xFFFFFFFF) >>> 0;
  }

  // A zip of stored (uncompressed) files: [{name, data: Uint8Array}].
  function zip(files) {
    var encoder = new TextEncoder(), chunks = [], central = [], offset = 0;
    function u16(v) { return [v & 0xFF, (v >>> 8) & 0xFF]; }
    function u32(v) { return [v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, (v >>> 24) & 0xFF]; }
    files.forEach(function (file) {
      var name = encoder.encode(file.name), crc = crc32(file.data), size = file.data.length;
      // version 2.0, flags: UTF-8 names, method 0 (stored), time and date 1 Jan 1980
      var common = [].concat(u16(20), u16(0x0800), u16(0), u16(0), u16(0x21), u32(crc),
        u32(size), u32(size), u16(name.length), u16(0));
      var local = new Uint8Array([].concat(u32(0x04034b50), common));
      chunks.push(local, name, file.data);
      central.push(new Uint8Array([].concat(u32(0x02014b50), u16(20), common, u16(0), u16(0),
        u16(0), u32(0), u32(offset))), name);
      offset += local.length + name.length + size;
    });
    var centralSize = central.reduce(function (n, c) { return n + c.length; }, 0);
    var end = new Uint8Array([].concat(u32(0x06054b50), u16(0), u16(0), u16(files.length),
      u16(files.length), u32(centralSize), u32(offset), u16(0)));
    return new Blob(chunks.concat(central, [end]), {type: "application/vnd.oasis.opendocument.text"});
  }

  // Text for XML: markup characters escaped, characters XML forbids dropped.
  function esc(value) {
    return String(value == null ? "" : value)
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  var NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ' +
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';

  var STYLES = '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ' + NS +
    ' office:version="1.2"><office:styles>' +
    '<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/>' +
    '<style:text-properties style:font-name="Liberation Sans" fo:font-family="Arial" fo:font-size="11pt"/></style:default-style>' +
    '<style:style style:name="Standard" style:family="paragraph"/>' +
    '<style:style style:name="Title" style:family="paragraph" style:default-outline-level="">' +
    '<style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>' +
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1">' +
    '<style:paragraph-properties fo:margin-top="0.4cm" fo:keep-with-next="always"/>' +
    '<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>' +
    '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2">' +
    '<style:paragraph-properties fo:margin-top="0.3cm" fo:keep-with-next="always"/>' +
    '<style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>' +
    '<style:style style:name="Small" style:family="paragraph"><style:text-properties fo:font-size="8pt"/></style:style>' +
    '<style:style style:name="Strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>' +
    '</office:styles><office:automatic-styles><style:page-layout style:name="A4">' +
    '<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" ' +
    'fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>' +
    '</office:automatic-styles><office:master-styles><style:master-page style:name="Standard" ' +
    'style:page-layout-name="A4"/></office:master-styles></office:document-styles>';

  function para(textValue, style) {
    return '<text:p text:style-name="' + (style || "Standard") + '">' + esc(textValue) + "</text:p>";
  }
  function labelled(label, value) {
    return '<text:p text:style-name="Standard"><text:span text:style-name="Strong">' + esc(label) +
      ": </text:span>" + esc(value || "\u2014") + "</text:p>";
  }
  function heading(textValue, level) {
    return '<text:h text:style-name="Heading_20_' + level + '" text:outline-level="' + level + '">' +
      esc(textValue) + "</text:h>";
  }

  function statementDocument(data) {
    var title = "Apply-or-explain statement" + (data.organisation ? ": " + data.organisation : "");
    var body = [para(title, "Title"), labelled("Organisation", data.organisation)];
    if (data.contract) body.push(labelled("Contract", data.contract));
    body.push(labelled("Reported against", data.checklist + ", version " + data.version + " (" +
      lower(data.state || data.status) + ") of the Code of Practice for Voluntary\u2013Private Sector " +
      "Co-operation in Public Services"));
    body.push(labelled("Period", data.periodFrom || data.periodTo
      ? (data.periodFrom || "\u2026") + " to " + (data.periodTo || "\u2026") : ""));
    body.push(labelled("Approved by", [data.approvedBy, data.role].filter(Boolean).join(", ") +
      (data.approvedOn ? " on " + data.approvedOn : "")));
    body.push(labelled("Board approval", data.boardOn));
    data.sections.forEach(function (section) {
      body.push(heading(section.title, 1));
      section.rows.forEach(function (row) {
        body.push(heading(row.id + " " + row.question, 2));
        body.push('<text:p text:style-name="Standard"><text:span text:style-name="Strong">' +
          esc(row.verdict) + "</text:span>" + (row.detail ? " " + esc(row.detail) : "") + "</text:p>");
      });
    });
    body.push(heading("Sign-off", 1));
    body.push(labelled("Name", data.approvedBy), labelled("Role", data.role),
      labelled("Date", data.approvedOn),
      para("Signature: ________________________________"),
      labelled("Board approval date", data.boardOn));
    if (data.provenance) body.push(para(data.provenance, "Small"));
    var content = '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ' + NS +
      ' office:version="1.2"><office:body><office:text>' + body.join("") +
      "</office:text></office:body></office:document-content>";
    var meta = '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta ' + NS +
      ' office:version="1.2"><office:meta><dc:title>' + esc(title) + "</dc:title>" +
      "<dc:language>en-GB</dc:language><meta:generator>Code of Practice checklist page</meta:generator>" +
      "</office:meta></office:document-meta>";
    var manifest = '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest ' + NS +
      ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" ' +
      'manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
      ['content.xml', 'styles.xml', 'meta.xml'].map(function (f) {
        return '<manifest:file-entry manifest:full-path="' + f + '" manifest:media-type="text/xml"/>';
      }).join("") + "</manifest:manifest>";
    var enc = new TextEncoder();
    return zip([
      {name: "mimetype", data: enc.encode("application/vnd.oasis.opendocument.text")},
      {name: "META-INF/manifest.xml", data: enc.encode(manifest)},
      {name: "content.xml", data: enc.encode(content)},
      {name: "styles.xml", data: enc.encode(STYLES)},
      {name: "meta.xml", data: enc.encode(meta)}
    ]);
  }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  window.copOdt = {statementDocument: statementDocument, download: download, zip: zip};
})();
