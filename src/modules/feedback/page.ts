// The survey a member opens from a link: localized questions as data, and a small phone-first page
// that renders them and posts the answers back as JSON. No login, no scripts from elsewhere.
import { z } from 'zod';
import { pickText } from './answers.js';
import type { Question, Survey } from './contract.js';
import { STANDARD_NPS_SCALE } from './metrics.js';
import { escapeHtml } from '../../http/html.js';

export const surveyForm = z
  .object({
    invitationId: z.string(),
    status: z.enum(['sent', 'responded']),
    expiresAt: z.string(),
    locale: z.string(),
    dir: z.enum(['ltr', 'rtl']),
    title: z.string(),
    questions: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        text: z.string(),
        required: z.boolean(),
        min: z.number().int().optional(),
        max: z.number().int().optional(),
        options: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
      }),
    ),
  })
  .meta({ id: 'SurveyForm' });
export type SurveyForm = z.infer<typeof surveyForm>;

const RTL_LANGUAGES = new Set(['he', 'ar', 'fa', 'ur', 'yi']);

function scaleOf(q: Question): { min?: number; max?: number } {
  switch (q.type) {
    case 'nps':
      return { min: (q.scale ?? STANDARD_NPS_SCALE).min, max: 10 };
    case 'csat':
    case 'rating':
      return { min: 1, max: 5 };
    case 'ces':
      return { min: 1, max: 7 };
    default:
      return {};
  }
}

export function localizeSurvey(survey: Survey, invitation: { id: string; status: 'sent' | 'responded'; expiresAt: string }, memberLocale: string | null): SurveyForm {
  const locale = memberLocale ?? survey.defaultLocale;
  const text = (texts: Record<string, string>) => pickText(texts, locale, survey.defaultLocale);
  return {
    invitationId: invitation.id,
    status: invitation.status,
    expiresAt: invitation.expiresAt,
    locale,
    dir: RTL_LANGUAGES.has(locale.split('-')[0]!) ? 'rtl' : 'ltr',
    title: survey.name,
    questions: survey.questions.map((q) => ({
      id: q.id,
      type: q.type,
      text: text(q.text),
      required: q.required,
      ...scaleOf(q),
      ...('options' in q ? { options: q.options.map((o) => ({ id: o.id, text: text(o.text) })) } : {}),
    })),
  };
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1c1e21}
main{max-width:34rem;margin:0 auto;padding:1.25rem}h1{font-size:1.35rem}fieldset{border:0;margin:0 0 1.5rem;padding:0}
legend{font-weight:600;margin-bottom:.5rem}.scale{display:flex;flex-wrap:wrap;gap:.35rem}
.scale label{flex:1 0 2.4rem}.scale input{position:absolute;opacity:0}
.scale span{display:block;text-align:center;padding:.6rem 0;border:1px solid #8a8f98;border-radius:.4rem;background:#fff}
.scale input:checked+span{background:#174ea6;color:#fff;border-color:#174ea6}.scale input:focus-visible+span{outline:3px solid #f29900}
textarea{width:100%;min-height:6rem;box-sizing:border-box;font:inherit;padding:.5rem}
button{font:inherit;padding:.75rem 1.5rem;border:0;border-radius:.4rem;background:#174ea6;color:#fff}
#status{margin-top:1rem;font-weight:600}`;

/** The form for one invitation; `form` is embedded as JSON and rendered by a few lines of script. */
export function surveyPage(form: SurveyForm, postUrl: string): string {
  const data = JSON.stringify({ form, postUrl }).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="${escapeHtml(form.locale)}" dir="${form.dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(form.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(form.title)}</h1><form id="survey" novalidate></form><p id="status" role="status" aria-live="polite"></p></main>
<script>const {form,postUrl}=${data};const el=document.getElementById('survey');
for(const q of form.questions){const fs=document.createElement('fieldset');const lg=document.createElement('legend');lg.textContent=q.text;fs.append(lg);
if(q.min!==undefined){const d=document.createElement('div');d.className='scale';for(let v=q.min;v<=q.max;v++){const l=document.createElement('label');const i=document.createElement('input');i.type='radio';i.name=q.id;i.value=v;const s=document.createElement('span');s.textContent=v;l.append(i,s);d.append(l);}fs.append(d);}
else if(q.options){const d=document.createElement('div');d.className='scale';for(const o of q.options){const l=document.createElement('label');const i=document.createElement('input');i.type=q.type==='multi_choice'?'checkbox':'radio';i.name=q.id;i.value=o.id;const s=document.createElement('span');s.textContent=o.text;l.append(i,s);d.append(l);}fs.append(d);}
else{const t=document.createElement('textarea');t.name=q.id;t.setAttribute('aria-label',q.text);fs.append(t);}el.append(fs);}
const b=document.createElement('button');b.type='submit';b.textContent='Send';el.append(b);const st=document.getElementById('status');
if(form.status!=='sent'){el.hidden=true;st.textContent='Thank you, we have your answer.';}
el.addEventListener('submit',async(e)=>{e.preventDefault();const answers=[];for(const q of form.questions){
if(q.min!==undefined){const c=el.querySelector('input[name="'+q.id+'"]:checked');if(c)answers.push({questionId:q.id,value:Number(c.value)});}
else if(q.type==='multi_choice'){const v=[...el.querySelectorAll('input[name="'+q.id+'"]:checked')].map(i=>i.value);if(v.length)answers.push({questionId:q.id,value:v});}
else if(q.options){const c=el.querySelector('input[name="'+q.id+'"]:checked');if(c)answers.push({questionId:q.id,value:c.value});}
else{const t=el.querySelector('textarea[name="'+q.id+'"]');if(t.value.trim())answers.push({questionId:q.id,value:t.value});}}
b.disabled=true;const r=await fetch(postUrl,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({answers,locale:form.locale})});
if(r.ok){el.hidden=true;st.textContent='Thank you!';}else{const p=await r.json().catch(()=>({}));st.textContent=(p.errors&&p.errors.map(x=>x.message).join('; '))||p.detail||'Something went wrong.';b.disabled=false;}});</script></body></html>`;
}

/** A plain page for a link that cannot be answered (expired, forged, already answered). */
export function messagePage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}
