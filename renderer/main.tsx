document.getElementById('root')!.textContent = 'Assay';
