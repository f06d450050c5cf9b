#!/usr/bin/env python3
"""Plain BM25 over TIME, CRAN and MED for a grid of k1 and b, odd (tuning) halves only.

    NEWSGREP_CORPUS=../shared/corpus python3 benches/bm25_grid.py   (needs PyStemmer)

tantivy fixes k1 = 1.2 and b = 0.75; this tells whether a scorer of our own with other
values would be worth writing. Title and text as one field, Snowball English stems of
[a-z0-9]+ words, Robertson and Sparck Jones's idf (floored at 0.01), the best 1,000 per
query. The even halves are not printed: they are held out.
"""
import os
import re, math, collections, sys
import Stemmer
C=os.environ.get("NEWSGREP_CORPUS", "../shared/corpus")
st=Stemmer.Stemmer('english')
def one(s): return " ".join(s.split())
def smart(text):
    recs=[]
    for chunk in text.split("\n.I "):
        chunk=chunk[3:] if chunk.startswith(".I ") else chunk
        lines=chunk.split("\n")
        try: num=int(lines[0].strip())
        except: continue
        f=collections.defaultdict(str); cur=None
        for l in lines[1:]:
            if l.startswith(".") and len(l.strip())==2: cur=l.strip()[1]; continue
            if cur: f[cur]+=" "+l
        recs.append((num,{k:one(v) for k,v in f.items()}))
    return recs
def time_c():
    d=C+"/time-collection/data/time/"
    t=open(d+"TIME.ALL",encoding="latin-1").read()
    docs={}
    for i,ch in enumerate(t.split("*TEXT ")[1:]):
        body=ch.split("\n",1)[1] if "\n" in ch else ""
        docs[i+1]=body.split("*STOP")[0].lower()
    qs={}
    for ch in open(d+"TIME.QUE",encoding="latin-1").read().split("*FIND")[1:]:
        ch=ch.split("*STOP")[0].strip()
        idw=ch.split(None,1)
        qs[int(idw[0])]=one(idw[1]).lower()
    rel={}
    for l in open(d+"TIME.REL"):
        n=[int(x) for x in l.split()]
        if n: rel[n[0]]=set(n[1:])
    return docs,qs,rel
def cran():
    d=C+"/ir/CRAN/"
    docs={i:(f.get('T','')+" "+f.get('W','')).lower() for i,f in smart(open(d+"cran.all.1400").read())}
    qs={p+1:f.get('W','').lower() for p,(i,f) in enumerate(smart(open(d+"cran.qry").read()))}
    rel=collections.defaultdict(set)
    for l in open(d+"cranqrel"):
        n=[int(x) for x in l.split()]
        if len(n)==3 and 1<=n[2]<=4: rel[n[0]].add(n[1])
    return docs,qs,rel
def med():
    d=C+"/ir/MED/"
    docs={i:f.get('W','').lower() for i,f in smart(open(d+"MED.ALL").read())}
    qs={i:f.get('W','').lower() for i,f in smart(open(d+"MED.QRY").read())}
    rel=collections.defaultdict(set)
    for l in open(d+"MED.REL"):
        n=[int(x) for x in l.split()]
        if len(n)==4: rel[n[0]].add(n[2])
    return docs,qs,rel
def toks(s): return [st.stemWord(w) for w in re.findall(r"[a-z0-9]+",s)]
def run(name,docs,qs,rel,grid):
    dt={i:collections.Counter(toks(t)) for i,t in docs.items()}
    dl={i:sum(c.values()) for i,c in dt.items()}
    N=len(docs); avg=sum(dl.values())/N
    df=collections.Counter()
    for c in dt.values(): df.update(c.keys())
    post=collections.defaultdict(list)
    for i,c in dt.items():
        for w,f in c.items(): post[w].append((i,f))
    idf={w:max(0.01,math.log((N-n+0.5)/(n+0.5))) for w,n in df.items()}
    qids=[q for q in qs if rel.get(q)]
    out={}
    for k1,b in grid:
        for half in (1,0):
            aps=[]
            for q in qids:
                if q%2!=half: continue
                sc=collections.defaultdict(float)
                for w in set(toks(qs[q])):
                    if w not in post: continue
                    for i,f in post[w]:
                        sc[i]+=idf[w]*f*(k1+1)/(f+k1*(1-b+b*dl[i]/avg))
                ranked=sorted(sc,key=lambda i:-sc[i])[:1000]
                R=rel[q]; found=0; s=0
                for r,i in enumerate(ranked):
                    if i in R: found+=1; s+=found/(r+1)
                aps.append(s/len(R))
            out[(k1,b,half)]=sum(aps)/len(aps)
    return out
grid=[(k1,b) for k1 in (0.6,0.9,1.2,1.5,2.0) for b in (0.3,0.5,0.75,0.9)]
res={}
for name,f in (("TIME",time_c),("CRAN",cran),("MED",med)):
    res[name]=run(name,*f(),grid)
for k1,b in grid:
    print(f"k1 {k1} b {b}: odd " + " ".join(f"{n} {res[n][(k1,b,1)]:.4f}" for n in res))
