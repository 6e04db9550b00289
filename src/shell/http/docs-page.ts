/** A self-contained reference page that renders /openapi.json in the browser (no external assets: the API runs offline). */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Silkline API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem}.op{border:1px solid #ddd;border-radius:6px;margin:.8rem 0;padding:.6rem .9rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}.get{color:#0a6}.post{color:#06c}
pre{background:#f6f6f6;padding:.6rem;overflow:auto;font-size:12px}details summary{cursor:pointer}</style></head>
<body><h1>Silkline API reference</h1><p>Generated from <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>; errors are RFC 9457 <code>application/problem+json</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const ops=document.getElementById('ops'); ops.textContent='';
  for (const [path,item] of Object.entries(doc.paths)) for (const [method,op] of Object.entries(item)) {
    const div=document.createElement('div'); div.className='op';
    const head=document.createElement('div');
    const m=document.createElement('span'); m.className='m '+method; m.textContent=method; head.append(m);
    const code=document.createElement('code'); code.textContent=path; head.append(code);
    const p=document.createElement('p'); p.textContent=op.summary||''; div.append(head,p);
    const d=document.createElement('details'); const s=document.createElement('summary'); s.textContent='request and responses';
    const pre=document.createElement('pre'); pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
    d.append(s,pre); div.append(d); ops.append(div);
  }
});
</script></body></html>`;
}
