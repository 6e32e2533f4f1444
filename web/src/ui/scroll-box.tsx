import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The box a wide table scrolls sideways in on a narrow screen. While its table overflows it is a named
 * tab stop, so a keyboard user can focus it and scroll with the arrow keys (WCAG 2.1.1); when the table
 * fits it is no tab stop at all.
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setOverflows(element.scrollWidth > element.clientWidth));
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="table-scroll" {...(overflows ? { tabIndex: 0, role: 'group', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
